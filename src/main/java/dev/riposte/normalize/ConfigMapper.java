package dev.riposte.normalize;

import dev.riposte.fact.ConfigCompliance;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** AWS Config "Config Rules Compliance Change" events: type = the rule name, resource = the evaluated one. */
final class ConfigMapper {
    private ConfigMapper() {}

    static boolean looksLike(View d) {
        return d.isObject()
                && d.get("configRuleName").exists()
                && d.get("newEvaluationResult").exists();
    }

    static Normalized map(View d, Envelope env) {
        d.requireObject("Config event detail");
        View result = d.obj("newEvaluationResult");
        View qualifier = result.obj("evaluationResultIdentifier", "evaluationResultQualifier");
        String rule = GuardDutyMapper.or(d.text("configRuleName"), qualifier.text("configRuleName"));
        if (rule == null) {
            throw new BadInput("Config event without configRuleName");
        }
        String resourceType = GuardDutyMapper.or(d.text("resourceType"), qualifier.text("resourceType"));
        String resourceId = GuardDutyMapper.or(d.text("resourceId"), qualifier.text("resourceId"));
        Instant time = env.timeOr(
                Times.first(result.get("resultRecordedTime"), d.get("notificationCreationTime")),
                "Config event without time (resultRecordedTime, notificationCreationTime)");
        String account = GuardDutyMapper.or(d.text("awsAccountId"), env.account());
        String region = GuardDutyMapper.or(d.text("awsRegion"), env.region());
        String id = env.id() != null ? env.id() : "config:" + rule + ":" + resourceType + ":" + resourceId + ":" + time;
        List<Resource> resources = resourceType == null || resourceId == null
                ? List.of()
                : List.of(new Resource(
                        resourceType,
                        resourceId,
                        Arns.fromId(resourceType, resourceId, account, region),
                        account,
                        resourceType.startsWith("AWS::IAM::") ? null : region,
                        Map.of()));
        ConfigCompliance cc = new ConfigCompliance(
                id,
                rule,
                resourceType,
                resourceId,
                result.text("complianceType"),
                d.obj("oldEvaluationResult").text("complianceType"),
                result.text("annotation"));
        SecurityEvent e = new SecurityEvent(
                id, "config", rule, time, account, region, null, null, resources, null, Plain.map(d.raw()));
        return new Normalized(e, List.of(cc));
    }
}
