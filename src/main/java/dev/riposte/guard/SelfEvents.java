package dev.riposte.guard;

import dev.riposte.fact.Principal;
import dev.riposte.fact.SecurityEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises events Riposte caused itself (its own API calls come back through CloudTrail), so that a
 * remediation never triggers another one: the principal is one of Riposte's role ARNs, or an assumed-role
 * session whose name starts with the session prefix ({@code riposte-}). Public: the pipeline asks it too.
 */
public final class SelfEvents {
    private static final Pattern ROLE = Pattern.compile("arn:(aws[a-z-]*):iam::([^:]*):role/(?:.*/)?([^/]+)");
    private final List<Pattern> prefixes;
    private final String sessionPrefix;

    public SelfEvents(List<String> roleArns, String sessionPrefix) {
        this.sessionPrefix = sessionPrefix == null ? "" : sessionPrefix;
        List<Pattern> p = new ArrayList<>();
        for (String arn : roleArns) {
            if (arn == null || arn.isBlank()) {
                continue;
            }
            p.add(prefixPattern(arn.strip()));
            var m = ROLE.matcher(arn.strip());
            if (m.matches()) { // the same role as CloudTrail shows its sessions:
                // arn:aws:sts::ACCOUNT:assumed-role/NAME/session
                p.add(prefixPattern("arn:" + m.group(1) + ":sts::" + m.group(2) + ":assumed-role/" + m.group(3) + "/"));
            }
        }
        this.prefixes = List.copyOf(p);
    }

    public static SelfEvents of(GuardSettings s) {
        return new SelfEvents(s.selfRoleArns(), s.selfSessionPrefix());
    }

    /** True when {@code e} was caused by Riposte's own role or role session. */
    public boolean causedBySelf(SecurityEvent e) {
        return e != null && why(e) != null;
    }

    /** Why {@code e} counts as self-caused, or null when it does not. */
    public String why(SecurityEvent e) {
        Principal p = e == null ? null : e.principal();
        String arn = p == null ? null : p.arn();
        if (arn == null) {
            arn = e == null ? null : e.detailText("userIdentity.arn");
        }
        if (arn != null) {
            for (Pattern prefix : prefixes) {
                if (prefix.matcher(arn).lookingAt()) {
                    return "principal " + arn + " is Riposte's own role";
                }
            }
            String session = sessionName(arn);
            if (session != null && !sessionPrefix.isEmpty() && session.startsWith(sessionPrefix)) {
                return "principal " + arn + " is a Riposte role session (" + sessionPrefix + "*)";
            }
        }
        return null;
    }

    /** The session name of an assumed-role ARN, else null. */
    static String sessionName(String arn) {
        int i = arn.indexOf(":assumed-role/");
        if (i < 0) {
            return null;
        }
        int slash = arn.lastIndexOf('/');
        return slash > i + ":assumed-role/".length() ? arn.substring(slash + 1) : null;
    }

    /** {@code {account}} in a configured ARN matches any account id. */
    private static Pattern prefixPattern(String arn) {
        String[] parts = arn.split("\\{account}", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append("\\d{12}");
            }
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString());
    }
}
