package dev.riposte.aws.sqs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The two fields of a queue's {@code RedrivePolicy} JSON attribute that the consumer reports. */
record RedrivePolicy(int maxReceiveCount, String deadLetterTargetArn) {
    private static final Pattern COUNT = Pattern.compile("\"maxReceiveCount\"\\s*:\\s*\"?(\\d+)");
    private static final Pattern ARN = Pattern.compile("\"deadLetterTargetArn\"\\s*:\\s*\"([^\"]+)\"");

    static RedrivePolicy parse(String json) {
        if (json == null || json.isBlank()) {
            return new RedrivePolicy(0, null);
        }
        Matcher c = COUNT.matcher(json);
        Matcher a = ARN.matcher(json);
        return new RedrivePolicy(c.find() ? Integer.parseInt(c.group(1)) : 0, a.find() ? a.group(1) : null);
    }
}
