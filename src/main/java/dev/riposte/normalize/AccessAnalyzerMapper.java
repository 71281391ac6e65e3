package dev.riposte.normalize;

import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.time.Instant;
import java.util.List;

/**
 * IAM Access Analyzer findings: the detail of {@code Access Analyzer Finding} events (a GetFinding response plus
 * {@code accountId}, {@code region}, {@code isDeleted}). Access Analyzer rates no severity: severity is null.
 */
final class AccessAnalyzerMapper {
    private AccessAnalyzerMapper() {}

    static Normalized map(View f, Envelope env) {
        f.requireObject("Access Analyzer finding");
        String id = f.get("id").requireText("Access Analyzer finding", "id");
        // external access findings (the GetFinding shape) carry no findingType; unused access findings do
        String type = GuardDutyMapper.or(f.text("findingType"), "ExternalAccess");
        Instant time = env.timeOr(
                Times.first(f.get("updatedAt"), f.get("analyzedAt"), f.get("createdAt")),
                "Access Analyzer finding without time (updatedAt, analyzedAt, createdAt)");
        String account = GuardDutyMapper.or(f.text("accountId"), env.account());
        String region = GuardDutyMapper.or(f.text("region"), env.region());
        String resourceType = f.text("resourceType");
        String resource = f.text("resource");
        List<Resource> resources = List.of();
        if (resource != null) {
            Resource r = Arns.isArn(resource)
                    ? Arns.resourceFromArn(resource, account, region)
                    : new Resource(
                            GuardDutyMapper.or(resourceType, "AWS::Unknown::Resource"),
                            resource,
                            null,
                            account,
                            region,
                            null);
            if (resourceType != null && resourceType.contains("::") && !resourceType.equals(r.type())) {
                r = new Resource(
                        resourceType, r.id(), r.arn(), r.account(), r.region(), r.tags()); // Access Analyzer names it
            }
            resources = List.of(r);
        }
        SecurityEvent e = new SecurityEvent(
                id, "accessanalyzer", type, time, account, region, null, null, resources, null, Plain.map(f.raw()));
        return new Normalized(e, List.of());
    }
}
