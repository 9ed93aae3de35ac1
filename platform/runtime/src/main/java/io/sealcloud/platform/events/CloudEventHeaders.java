package io.sealcloud.platform.events;

/**
 * Kafka header names and fixed values of the CloudEvents 1.0 Kafka protocol binding, binary content mode: the event
 * attributes travel as {@code ce_*} headers and the record value is the event data alone.
 */
public final class CloudEventHeaders {

    public static final String SPECVERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String DATASCHEMA = "ce_dataschema";
    /** In binary mode the data content type maps to the plain {@code content-type} header, not {@code ce_}. */
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String APPLICATION_JSON = "application/json";

    private CloudEventHeaders() {}

    /** The CloudEvents {@code source} of everything a service publishes: {@code /sealcloud/<service>}. */
    public static String source(String serviceName) {
        return "/sealcloud/" + serviceName;
    }
}
