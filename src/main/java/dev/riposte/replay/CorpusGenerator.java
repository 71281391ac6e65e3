package dev.riposte.replay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the benchmark's mixed corpus, laid out as AWS delivers it: CloudTrail log files per account,
 * region and five minutes ({@code AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz}, records
 * unsorted inside, as CloudTrail writes them) and per-day JSON Lines archives of GuardDuty, Config and
 * Security Hub events in their EventBridge envelopes. Deterministic for a seed.
 */
final class CorpusGenerator {
    static final Instant START = Instant.parse("2024-05-01T00:00:00Z");
    static final Duration SPAN = Duration.ofDays(3);
    static final String[] ACCOUNTS = {"111122223333", "444455556666", "777788889999", "123456789012"};
    static final String[] REGIONS = {"us-east-1", "eu-west-1"};
    static final String[] EVENT_NAMES = {
        "DescribeInstances",
        "GetObject",
        "AssumeRole",
        "ConsoleLogin",
        "PutObject",
        "GetCallerIdentity",
        "RunInstances",
        "AuthorizeSecurityGroupIngress",
        "StopLogging",
        "PutBucketPolicy"
    };
    private static final int[] EVENT_WEIGHTS = {30, 20, 15, 15, 8, 6, 3, 1, 1, 1};
    static final String[] GUARDDUTY_TYPES = {
        "UnauthorizedAccess:EC2/TorClient",
        "Recon:EC2/PortProbeUnprotectedPort",
        "Backdoor:EC2/C&CActivity.B",
        "CryptoCurrency:EC2/BitcoinTool.B",
        "Trojan:EC2/DNSDataExfiltration",
        "UnauthorizedAccess:EC2/SSHBruteForce"
    };
    static final String[] CONFIG_RULES = {
        "restricted-ssh",
        "s3-bucket-public-read-prohibited",
        "encrypted-volumes",
        "iam-user-mfa-enabled",
        "cloudtrail-enabled",
        "vpc-flow-logs-enabled"
    };
    static final String[] CONTROLS = {"S3.1", "S3.2", "S3.8", "EC2.2", "EC2.19", "IAM.1", "IAM.4", "CloudTrail.1"};
    static final String[] ATTACKERS = {"203.0.113.66", "203.0.113.67", "198.51.100.200"};

    /** What was written: events per shape, files and bytes on disk. */
    record Corpus(Path dir, long cloudTrail, long guardDuty, long config, long securityHub, int files, long bytes) {
        long events() {
            return cloudTrail + guardDuty + config + securityHub;
        }
    }

    private final Random random;
    private long seq;
    private int files;
    private long bytes;

    CorpusGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** About {@code events} events: 55% CloudTrail, 15% each GuardDuty, Config and Security Hub. */
    Corpus generate(Path dir, long events) {
        long ct = events * 55 / 100;
        long gd = events * 15 / 100;
        long cfg = events * 15 / 100;
        long sh = events - ct - gd - cfg;
        long wroteCt = cloudTrail(dir, ct);
        long wroteGd = archives(dir.resolve("guardduty"), gd, this::guardDuty);
        long wroteCfg = archives(dir.resolve("config"), cfg, this::config);
        long wroteSh = archives(dir.resolve("securityhub"), sh, this::securityHub);
        return new Corpus(dir, wroteCt, wroteGd, wroteCfg, wroteSh, files, bytes);
    }

    private long cloudTrail(Path dir, long events) {
        long windows = SPAN.toMinutes() / 5;
        long streams = windows * ACCOUNTS.length * REGIONS.length;
        long written = 0;
        for (long w = 0; w < windows; w++) {
            Instant from = START.plus(Duration.ofMinutes(w * 5));
            for (String account : ACCOUNTS) {
                for (String region : REGIONS) {
                    long stream = (w * ACCOUNTS.length + Arrays.asList(ACCOUNTS).indexOf(account)) * REGIONS.length
                            + Arrays.asList(REGIONS).indexOf(region);
                    long n = events * (stream + 1) / streams - events * stream / streams;
                    if (n == 0) {
                        continue;
                    }
                    List<String> records = new ArrayList<>((int) n);
                    for (long i = 0; i < n; i++) {
                        records.add(cloudTrailRecord(from.plusMillis(random.nextInt(300_000)), account, region));
                    }
                    Instant delivered = from.plus(Duration.ofMinutes(5 + random.nextInt(5)));
                    String day = from.toString().substring(0, 10).replace('-', '/');
                    Path file = dir.resolve("AWSLogs/" + account + "/CloudTrail/" + region + "/" + day + "/"
                            + SyntheticEvents.cloudTrailFileName(
                                    account, region, delivered, Long.toHexString(random.nextLong() >>> 8)));
                    write(file, List.of(SyntheticEvents.cloudTrailLogFile(records)));
                    written += n;
                }
            }
        }
        return written;
    }

    /**
     * One event of the same mix (55% CloudTrail, 15% each GuardDuty, Config and Security Hub) at {@code t}, as a live
     * feed delivers it: every event in its EventBridge envelope, CloudTrail records included.
     */
    String liveEvent(Instant t) {
        String account = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
        String region = REGIONS[random.nextInt(REGIONS.length)];
        int shape = random.nextInt(100);
        if (shape < 55) {
            String record = cloudTrailRecord(t, account, region);
            int from = record.indexOf("\"eventSource\":\"") + "\"eventSource\":\"".length();
            String service = record.substring(from, record.indexOf('.', from)); // s3.amazonaws.com -> aws.s3
            return "{\"version\":\"0\",\"id\":\"eb-" + seq + "\",\"detail-type\":\""
                    + (service.equals("signin") ? "AWS Console Sign In via CloudTrail" : "AWS API Call via CloudTrail")
                    + "\",\"source\":\"aws." + service + "\",\"account\":\"" + account + "\",\"time\":\"" + t
                    + "\",\"region\":\"" + region + "\",\"resources\":[],\"detail\":" + record + "}";
        }
        return shape < 70
                ? guardDuty(t, account, region)
                : shape < 85 ? config(t, account, region) : securityHub(t, account, region);
    }

    private String cloudTrailRecord(Instant t, String account, String region) {
        String name = pick(EVENT_NAMES, EVENT_WEIGHTS);
        boolean login = "ConsoleLogin".equals(name);
        boolean failure = login && random.nextInt(3) == 0;
        String ip = failure && random.nextInt(4) == 0
                ? ATTACKERS[random.nextInt(ATTACKERS.length)]
                : "198.51.100." + random.nextInt(200);
        return SyntheticEvents.cloudTrail(
                "ct-" + (++seq), t, account, region, name, "user-" + random.nextInt(50), ip, failure);
    }

    private interface Shape {
        String event(Instant t, String account, String region);
    }

    /** One JSON Lines archive per account and day, in time order (as an EventBridge archive export is). */
    private long archives(Path dir, long events, Shape shape) {
        long days = SPAN.toDays();
        long streams = days * ACCOUNTS.length;
        long written = 0;
        for (long d = 0; d < days; d++) {
            for (int a = 0; a < ACCOUNTS.length; a++) {
                long stream = d * ACCOUNTS.length + a;
                long n = events * (stream + 1) / streams - events * stream / streams;
                long[] times = new long[(int) n];
                for (int i = 0; i < n; i++) {
                    times[i] =
                            START.plus(Duration.ofDays(d)).toEpochMilli() + (long) (random.nextDouble() * 86_400_000L);
                }
                Arrays.sort(times);
                List<String> lines = new ArrayList<>((int) n);
                for (long t : times) {
                    lines.add(
                            shape.event(Instant.ofEpochMilli(t), ACCOUNTS[a], REGIONS[random.nextInt(REGIONS.length)]));
                }
                write(
                        dir.resolve(ACCOUNTS[a] + "-"
                                + START.plus(Duration.ofDays(d)).toString().substring(0, 10) + ".jsonl.gz"),
                        lines);
                written += n;
            }
        }
        return written;
    }

    private String guardDuty(Instant t, String account, String region) {
        int type = random.nextInt(GUARDDUTY_TYPES.length);
        double severity = Math.round((2 + random.nextDouble() * 6.9) * 10) / 10.0;
        return SyntheticEvents.guardDuty(
                "gd-" + (++seq),
                t,
                account,
                region,
                GUARDDUTY_TYPES[type],
                severity,
                String.format("i-%017x", random.nextInt(500)));
    }

    private String config(Instant t, String account, String region) {
        String rule = CONFIG_RULES[random.nextInt(CONFIG_RULES.length)];
        boolean sg = rule.equals("restricted-ssh");
        return SyntheticEvents.configCompliance(
                "cfg-" + (++seq),
                t,
                account,
                region,
                rule,
                sg ? "AWS::EC2::SecurityGroup" : "AWS::S3::Bucket",
                sg ? String.format("sg-%017x", random.nextInt(300)) : "bucket-" + random.nextInt(300),
                random.nextInt(4) == 0);
    }

    private String securityHub(Instant t, String account, String region) {
        return SyntheticEvents.securityHub(
                "sh-" + (++seq),
                t,
                account,
                region,
                CONTROLS[random.nextInt(CONTROLS.length)],
                1 + random.nextInt(100),
                "bucket-" + random.nextInt(300));
    }

    private String pick(String[] values, int[] weights) {
        int total = Arrays.stream(weights).sum();
        int r = random.nextInt(total);
        for (int i = 0; i < values.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /** gzip at the fastest level: the benchmark measures reading, not writing. */
    private void write(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16) {
                        {
                            def.setLevel(Deflater.BEST_SPEED);
                        }
                    };
                    Writer w = new BufferedWriter(new OutputStreamWriter(gz, StandardCharsets.UTF_8), 1 << 16)) {
                for (String l : lines) {
                    w.write(l);
                    w.write('\n');
                }
            }
            files++;
            bytes += Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
