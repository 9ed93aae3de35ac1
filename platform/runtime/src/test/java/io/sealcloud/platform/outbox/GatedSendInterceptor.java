package io.sealcloud.platform.outbox;

import java.util.Map;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A producer interceptor the tests install in the relay's producer (sealcloud.outbox.producer."interceptor.classes")
 * to hold its sends on one topic after a given number: it makes "stop the relay in the middle of a stream" happen at
 * a known point instead of by timing.
 */
public class GatedSendInterceptor implements ProducerInterceptor<String, byte[]> {

    private static volatile String gatedTopic;
    private static volatile Semaphore permits;

    /** From now on, sends to {@code topic} pass only while permits last; the next one blocks until {@link #open()}. */
    static void close(String topic, int allowed) {
        permits = new Semaphore(allowed);
        gatedTopic = topic;
    }

    /** Lets every held and future send through. */
    static void open() {
        Semaphore held = permits;
        gatedTopic = null;
        permits = null;
        if (held != null) {
            held.release(Integer.MAX_VALUE / 2);
        }
    }

    /** Whether a send is blocked at the gate right now. */
    static boolean holdsASend() {
        Semaphore held = permits;
        return held != null && held.hasQueuedThreads();
    }

    @Override
    public ProducerRecord<String, byte[]> onSend(ProducerRecord<String, byte[]> record) {
        Semaphore gate = permits;
        if (gate != null && record.topic().equals(gatedTopic)) {
            gate.acquireUninterruptibly();
        }
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
}
