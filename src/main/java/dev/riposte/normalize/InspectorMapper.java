package dev.riposte.normalize;

import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amazon Inspector (v2) findings: the detail of {@code Inspector2 Finding} events, or a finding as ListFindings
 * returns it. Package and code vulnerabilities and network reachability of EC2 instances, ECR images and Lambda
 * functions.
 */
final class InspectorMapper {
    private InspectorMapper() {}

    /** A bare Inspector finding: {@code findingArn} of the inspector2 service beside {@code awsAccountId} and {@code type}. */
    static boolean looksLike(View f) {
        String arn = f.text("findingArn");
        return arn != null
                && arn.startsWith("arn:")
                && arn.contains(":inspector2:")
                && f.get("awsAccountId").exists()
                && f.get("type").exists();
    }

    static Normalized map(View f, Envelope env) {
        f.requireObject("Inspector finding");
        String id = f.get("findingArn").requireText("Inspector finding", "findingArn");
        String type = f.get("type").requireText("Inspector finding", "type");
        Instant time = env.timeOr(
                Times.first(f.get("updatedAt"), f.get("lastObservedAt"), f.get("firstObservedAt")),
                "Inspector finding without time (updatedAt, lastObservedAt, firstObservedAt)");
        String account = GuardDutyMapper.or(f.text("awsAccountId"), env.account());
        String region = GuardDutyMapper.or(env.region(), Arns.isArn(id) ? Arns.parts(id)[3] : null);
        // inspectorScore is the CVSS-based 0-10 score; without it the word's lower bound
        Double severity = f.get("inspectorScore").number();
        if (severity != null && (severity < 0 || severity > 10)) {
            throw new BadInput("Inspector inspectorScore out of range 0-10: " + severity);
        }
        if (severity == null) {
            severity = SecurityHubMapper.labelSeverity(f.text("severity"));
        }
        List<Resource> resources = new ArrayList<>();
        for (View r : f.get("resources").items()) {
            Resource res = resource(r.obj(), account, region);
            if (res != null) {
                resources.add(res);
            }
        }
        SecurityEvent e = new SecurityEvent(
                id, "inspector", type, time, account, region, severity, null, resources, null, Plain.map(f.raw()));
        return new Normalized(e, List.of());
    }

    /** Inspector resource types (AWS_EC2_INSTANCE...) as CloudFormation resources; unknown types kept as given. */
    private static Resource resource(View r, String account, String region) {
        String type = r.text("type");
        String rawId = r.text("id");
        if (type == null || rawId == null) {
            return null;
        }
        String resRegion = GuardDutyMapper.or(r.text("region"), region);
        Map<String, String> tags = new LinkedHashMap<>(GuardDutyMapper.tags(r.get("tags")));
        View details = r.obj("details");
        return switch (type) {
            case "AWS_EC2_INSTANCE" ->
                new Resource(
                        "AWS::EC2::Instance",
                        rawId,
                        Arns.isArn(rawId) ? rawId : Arns.ec2(resRegion, account, "instance", rawId),
                        account,
                        resRegion,
                        tags);
            case "AWS_ECR_CONTAINER_IMAGE", "AWS_ECR_REPOSITORY" -> {
                // the image's repository: what a response acts on (the digest stays in detail)
                View image = details.obj("awsEcrContainerImage");
                String repo = GuardDutyMapper.or(
                        image.text("repositoryName"),
                        details.obj("awsEcrRepository").text("name"));
                String registry = GuardDutyMapper.or(image.text("registry"), account);
                if (repo == null) {
                    yield Arns.isArn(rawId) ? Arns.resourceFromArn(rawId, account, resRegion) : null;
                }
                yield new Resource(
                        "AWS::ECR::Repository",
                        repo,
                        Arns.build("ecr", resRegion, registry, "repository/" + repo, true, true),
                        registry,
                        resRegion,
                        tags);
            }
            case "AWS_LAMBDA_FUNCTION" -> {
                String name = details.obj("awsLambdaFunction").text("functionName");
                Resource fromArn = Arns.isArn(rawId) ? Arns.resourceFromArn(rawId, account, resRegion) : null;
                yield new Resource(
                        "AWS::Lambda::Function",
                        GuardDutyMapper.or(name, fromArn == null ? rawId : fromArn.id()),
                        fromArn == null ? null : rawId,
                        account,
                        resRegion,
                        tags);
            }
            case "AWS_ACCOUNT" -> new Resource("AWS::::Account", rawId, null, rawId, null, tags);
            default ->
                Arns.isArn(rawId)
                        ? Arns.resourceFromArn(rawId, account, resRegion)
                        : new Resource(type, rawId, null, account, resRegion, tags);
        };
    }
}
