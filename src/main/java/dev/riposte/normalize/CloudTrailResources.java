package dev.riposte.normalize;

import dev.riposte.fact.IngressPermission;
import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Resources (and related facts) derived from a CloudTrail record's requestParameters and
 * responseElements, one entry per covered eventName. The table of covered calls is documented in
 * docs/normalization.md; calls not in the table give no resources (the raw record stays in detail).
 */
final class CloudTrailResources {
    private CloudTrailResources() {
    }

    record Derived(List<Resource> resources, List<Object> related) {
    }

    /** What a derivation reads and writes. */
    static final class Ctx {
        final View record;
        final View req;
        final View resp;
        final String eventId;
        final String account;
        final String region;
        final Principal principal;
        final List<Resource> resources = new ArrayList<>();
        final List<Object> related = new ArrayList<>();

        Ctx(View record, String eventId, String account, String region, Principal principal) {
            this.record = record;
            this.req = record.obj("requestParameters");
            this.resp = record.obj("responseElements");
            this.eventId = eventId;
            this.account = account;
            this.region = region;
            this.principal = principal;
        }

        void add(String type, String id, String arn, boolean regional) {
            if (id == null && arn == null) {
                return;
            }
            for (Resource r : resources) {
                if (r.type().equals(type) && java.util.Objects.equals(r.id(), id)) {
                    return;
                }
            }
            resources.add(new Resource(type, id, arn, account, regional ? region : null, Map.of()));
        }

        void securityGroup(String groupId) {
            add("AWS::EC2::SecurityGroup", groupId,
                    groupId != null && groupId.startsWith("sg-") ? Arns.ec2(region, account, "security-group", groupId)
                            : null, true);
        }

        void instance(String id) {
            add("AWS::EC2::Instance", id, Arns.ec2(region, account, "instance", id), true);
        }

        void iamUser(String name) {
            add("AWS::IAM::User", name, Arns.iamUser(account, name), false);
        }

        /** The user the call is about: the userName parameter, else the caller itself (IAM's default). */
        void targetUser() {
            String user = req.text("userName");
            if (user == null && principal != null && "IAMUser".equals(principal.type())) {
                user = principal.name();
            }
            iamUser(user);
        }

        void accessKey(String keyId) {
            add("AWS::IAM::AccessKey", keyId, null, false);
        }
    }

    private static final Map<String, Consumer<Ctx>> RULES = new HashMap<>();

    static {
        Consumer<Ctx> ingress = c -> {
            c.securityGroup(GuardDutyMapper.or(c.req.text("groupId"), c.req.text("groupName")));
            ingressPermissions(c);
        };
        RULES.put("AuthorizeSecurityGroupIngress", ingress);

        Consumer<Ctx> trail = c -> {
            String name = c.req.text("name");
            c.add("AWS::CloudTrail::Trail", name == null ? null : Arns.idOf(name), trailArn(c, name), true);
        };
        RULES.put("StopLogging", trail);
        RULES.put("DeleteTrail", trail);
        RULES.put("UpdateTrail", trail);

        Consumer<Ctx> accessKey = c -> {
            c.accessKey(GuardDutyMapper.or(c.req.text("accessKeyId"), c.resp.text("accessKey", "accessKeyId")));
            String user = GuardDutyMapper.or(c.req.text("userName"), c.resp.text("accessKey", "userName"));
            if (user == null && c.principal != null && "IAMUser".equals(c.principal.type())) {
                user = c.principal.name();
            }
            c.iamUser(user);
        };
        RULES.put("CreateAccessKey", accessKey);
        RULES.put("UpdateAccessKey", accessKey);
        RULES.put("DeleteAccessKey", accessKey);

        RULES.put("RunInstances", c -> {
            for (View i : c.resp.at("instancesSet", "items").items()) {
                c.instance(i.obj().text("instanceId"));
            }
        });
    }

    static Derived derive(String eventName, View record, String eventId, String account, String region,
                          Principal principal) {
        Consumer<Ctx> rule = RULES.get(eventName);
        if (rule == null) {
            return new Derived(List.of(), List.of());
        }
        Ctx c = new Ctx(record, eventId, account, region, principal);
        rule.accept(c);
        return new Derived(c.resources, c.related);
    }

    /** Event names with a derivation, for the docs test. */
    static java.util.Set<String> covered() {
        return java.util.Collections.unmodifiableSet(RULES.keySet());
    }

    private static String trailArn(Ctx c, String name) {
        if (name == null) {
            return null;
        }
        if (Arns.isArn(name)) {
            return name;
        }
        return Arns.build("cloudtrail", c.region, c.account, "trail/" + name, true, true);
    }

    /** One IngressPermission per IPv4/IPv6 range, referenced group and prefix list of each permission. */
    static void ingressPermissions(Ctx c) {
        String groupId = GuardDutyMapper.or(c.req.text("groupId"), c.req.text("groupName"));
        List<View> perms = c.req.obj("ipPermissions").get("items").items();
        if (perms.isEmpty() && c.req.text("cidrIp") != null) {
            // the older flat form: cidrIp, ipProtocol, fromPort, toPort at the top of requestParameters
            c.related.add(new IngressPermission(c.eventId, groupId, protocol(c.req.text("ipProtocol")),
                    c.req.get("fromPort").integer(), c.req.get("toPort").integer(), c.req.text("cidrIp")));
            return;
        }
        for (View p : perms) {
            p.obj();
            String proto = protocol(p.text("ipProtocol"));
            Integer from = p.get("fromPort").integer();
            Integer to = p.get("toPort").integer();
            List<String> sources = new ArrayList<>();
            for (View r : p.obj("ipRanges").get("items").items()) {
                sources.add(r.obj().text("cidrIp"));
            }
            for (View r : p.obj("ipv6Ranges").get("items").items()) {
                sources.add(r.obj().text("cidrIpv6"));
            }
            for (View r : p.obj("groups").get("items").items()) {
                sources.add(r.obj().text("groupId"));
            }
            for (View r : p.obj("prefixListIds").get("items").items()) {
                sources.add(r.obj().text("prefixListId"));
            }
            for (String s : sources) {
                if (s != null) {
                    c.related.add(new IngressPermission(c.eventId, groupId, proto, from, to, s));
                }
            }
        }
    }

    /** IANA numbers that CloudTrail sometimes records instead of names. */
    static String protocol(String p) {
        if (p == null) {
            return "-1";
        }
        return switch (p.toLowerCase(java.util.Locale.ROOT)) {
            case "6" -> "tcp";
            case "17" -> "udp";
            case "1" -> "icmp";
            case "58" -> "icmpv6";
            case "all" -> "-1";
            default -> p.toLowerCase(java.util.Locale.ROOT);
        };
    }
}
