package dev.riposte.aws.investigate.cloudtrail;

import dev.riposte.fact.ActivitySummary;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns the CloudTrail records of one lookup into an {@link ActivitySummary}: records at or after {@code from} are
 * the window, earlier ones the baseline, and "new" means in the window but not in the baseline. Kept apart from
 * the AWS calls so the arithmetic is tested on its own.
 */
final class ActivityTally {
    /** {@code sourceIPAddress} also holds service names ({@code ec2.amazonaws.com}) and {@code AWS Internal}. */
    private static final Pattern IP = Pattern.compile("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

    /** One CloudTrail record, as much of it as the summary needs. */
    record Call(Instant time, String service, String eventName, String errorCode, String region, String sourceIp) {
        String action() {
            return service + ":" + eventName;
        }
    }

    private ActivityTally() {}

    static ActivitySummary summarise(
            String eventId,
            String subject,
            Instant baselineFrom,
            Instant from,
            Instant to,
            List<Call> calls,
            boolean truncated) {
        Set<String> baselineIps = new HashSet<>();
        Set<String> baselineActions = new HashSet<>();
        int baseline = 0;
        for (Call c : calls) {
            if (c.time() != null && c.time().isBefore(from)) {
                baseline++;
                if (isIp(c.sourceIp())) {
                    baselineIps.add(c.sourceIp());
                }
                baselineActions.add(c.action());
            }
        }
        Map<String, Integer> byService = new HashMap<>();
        Set<String> regions = new TreeSet<>();
        Set<String> ips = new TreeSet<>();
        Set<String> firstTime = new TreeSet<>();
        int window = 0;
        int errors = 0;
        for (Call c : calls) {
            if (c.time() == null || c.time().isBefore(from)) {
                continue;
            }
            window++;
            byService.merge(c.service(), 1, Integer::sum);
            if (c.errorCode() != null && !c.errorCode().isBlank()) {
                errors++;
            }
            if (c.region() != null) {
                regions.add(c.region());
            }
            if (isIp(c.sourceIp())) {
                ips.add(c.sourceIp());
            }
            if (!baselineActions.contains(c.action())) {
                firstTime.add(c.action());
            }
        }
        List<String> newIps =
                ips.stream().filter(ip -> !baselineIps.contains(ip)).toList();
        return new ActivitySummary(
                eventId,
                subject,
                from,
                to,
                baselineFrom,
                window,
                baseline,
                byService,
                errors,
                List.copyOf(regions),
                List.copyOf(ips),
                newIps,
                List.copyOf(firstTime),
                truncated);
    }

    static boolean isIp(String s) {
        return s != null && !s.isEmpty() && IP.matcher(s).matches();
    }

    /** {@code iam} for {@code iam.amazonaws.com}: the name IAM actions use. */
    static String service(String eventSource) {
        if (eventSource == null) {
            return "unknown";
        }
        int dot = eventSource.indexOf('.');
        return dot < 0 ? eventSource : eventSource.substring(0, dot);
    }
}
