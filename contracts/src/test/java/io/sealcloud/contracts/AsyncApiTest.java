package io.sealcloud.contracts;

import static io.sealcloud.contracts.SchemaSupport.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** asyncapi.yaml names every event type, on the right channel, with the right schema; and nothing else. */
class AsyncApiTest {

    private static final String DEAD_LETTER = "dead-letter";

    private static JsonNode doc;

    @BeforeAll
    static void readAsyncApi() throws IOException {
        doc = new YAMLMapper().readTree(ContractCatalog.ASYNCAPI.toFile());
    }

    static Stream<EventType<?>> eventTypes() {
        return ContractCatalog.eventTypes().stream();
    }

    @Test
    void isAnAsyncApi3Document() {
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(doc.path("servers").path("kafka").path("protocol").asText()).isEqualTo("kafka");
    }

    @Test
    void everyLocalReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            if (ref.startsWith("#")) {
                assertThat(doc.at(ref.substring(1)).isMissingNode())
                        .as("%s resolves", ref)
                        .isFalse();
            } else {
                assertThat(resolveFile(ref)).as("%s exists", ref).isRegularFile();
            }
        }
    }

    @Test
    void everyTopicHasAChannelAndADeadLetterChannel() {
        Set<String> addresses = stream(doc.path("channels"))
                .map(channel -> channel.path("address").asText())
                .collect(Collectors.toSet());
        Set<String> topics =
                ContractCatalog.eventTypes().stream().map(EventType::topic).collect(Collectors.toSet());

        Set<String> expected = new TreeSet<>(topics);
        topics.forEach(topic -> expected.add(topic + ".dlq"));
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void eventTypeHasOneMessageWithItsSchemaAndCloudEventHeaders(EventType<?> type) throws IOException {
        List<JsonNode> messages = messagesNamed(type.type());
        assertThat(messages).as("messages named %s", type.type()).hasSize(1);
        JsonNode message = messages.get(0);

        Path payload = resolveFile(message.path("payload").path("$ref").asText());
        assertThat(payload).isRegularFile();
        assertThat(JSON.readTree(payload.toFile()).path("$id").asText()).isEqualTo(type.dataschema());
        assertThat(message.path("contentType").asText()).isEqualTo("application/json");
        assertThat(message.path("headers").path("$ref").asText()).isEqualTo("#/components/schemas/cloudEventHeaders");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void eventTypeIsOnItsTopicsChannelAndSentThere(EventType<?> type) {
        String messageRef = "#/components/messages/" + messageKey(type.type());
        Map.Entry<String, JsonNode> channel = channelWithAddress(type.topic());

        List<String> channelMessages = stream(channel.getValue().path("messages"))
                .map(m -> m.path("$ref").asText())
                .toList();
        assertThat(channelMessages).contains(messageRef);

        String channelRef = "#/channels/" + channel.getKey();
        List<String> sent = stream(doc.path("operations"))
                .filter(op -> op.path("action").asText().equals("send"))
                .filter(op -> op.path("channel").path("$ref").asText().equals(channelRef))
                .flatMap(op -> StreamSupport.stream(op.path("messages").spliterator(), false))
                .map(m -> doc.at(m.path("$ref").asText().substring(1))
                        .path("$ref")
                        .asText())
                .toList();
        assertThat(sent).contains(messageRef);
    }

    @Test
    void everyMessageNamesAnEventTypeOrIsTheDeadLetter() {
        Set<String> types =
                ContractCatalog.eventTypes().stream().map(EventType::type).collect(Collectors.toSet());

        for (JsonNode message : stream(doc.path("components").path("messages")).toList()) {
            String name = message.path("name").asText();
            if (!name.equals(DEAD_LETTER)) {
                assertThat(types).as("message %s names an EventType", name).contains(name);
            }
        }
    }

    @Test
    void everySchemaFileIsReferencedByAMessage() throws IOException {
        Set<Path> referenced = stream(doc.path("components").path("messages"))
                .map(message -> message.path("payload").path("$ref").asText())
                .filter(ref -> !ref.isEmpty())
                .map(AsyncApiTest::resolveFile)
                .collect(Collectors.toSet());

        try (Stream<Path> files = Files.walk(ContractCatalog.SCHEMAS_DIR)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(p -> p.toAbsolutePath().normalize()))
                    .allSatisfy(
                            file -> assertThat(referenced).as("asyncapi refs").contains(file));
        }
    }

    @Test
    void deadLetterChannelsCarryTheDeadLetterMessage() {
        for (EventType<?> type : ContractCatalog.eventTypes()) {
            JsonNode dlq = channelWithAddress(type.topic() + ".dlq").getValue();
            List<String> refs = stream(dlq.path("messages"))
                    .map(m -> m.path("$ref").asText())
                    .toList();
            assertThat(refs).hasSize(1);
            assertThat(doc.at(refs.get(0).substring(1)).path("name").asText()).isEqualTo(DEAD_LETTER);
        }
    }

    private static List<JsonNode> messagesNamed(String name) {
        return stream(doc.path("components").path("messages"))
                .filter(message -> message.path("name").asText().equals(name))
                .toList();
    }

    private static String messageKey(String name) {
        return doc.path("components").path("messages").properties().stream()
                .filter(e -> e.getValue().path("name").asText().equals(name))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no message named " + name));
    }

    private static Map.Entry<String, JsonNode> channelWithAddress(String address) {
        return doc.path("channels").properties().stream()
                .filter(e -> e.getValue().path("address").asText().equals(address))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no channel with address " + address));
    }

    private static Path resolveFile(String ref) {
        return ContractCatalog.ASYNCAPI
                .getParent()
                .resolve(ref)
                .toAbsolutePath()
                .normalize();
    }

    private static Stream<JsonNode> stream(JsonNode container) {
        return StreamSupport.stream(container.spliterator(), false);
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
