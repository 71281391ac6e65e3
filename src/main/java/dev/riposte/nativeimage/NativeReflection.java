package dev.riposte.nativeimage;

import dev.riposte.audit.AuditRecord;
import dev.riposte.command.ActionCommand;
import dev.riposte.command.PlaybookRun;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ParamSpec;
import dev.riposte.fact.ActivitySummary;
import dev.riposte.fact.ApiCall;
import dev.riposte.fact.BucketContext;
import dev.riposte.fact.ConfigCompliance;
import dev.riposte.fact.EventContext;
import dev.riposte.fact.GuardDutyFinding;
import dev.riposte.fact.IngressPermission;
import dev.riposte.fact.InstanceContext;
import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.Ip;
import dev.riposte.fact.PolicyDocument;
import dev.riposte.fact.Principal;
import dev.riposte.fact.PrincipalContext;
import dev.riposte.fact.RelatedFindings;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.fact.SecurityHubFinding;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a native image must keep for reflection: the fact and command types (Drools reads their accessors from
 * DRL, by name) and the types Jackson writes and reads (audit records, their outcome and mode, whose {@code @JsonValue}
 * and {@code @JsonCreator} it calls by reflection, the action catalogue, AWS request plans).
 * Registered here because the fact and command packages stay JDK-only; NativeReflectionTest fails when a new
 * fact or command type is missing.
 */
@RegisterForReflection(
        targets = {
            SecurityEvent.class,
            Principal.class,
            Resource.class,
            IngressPermission.class,
            ApiCall.class,
            ConfigCompliance.class,
            GuardDutyFinding.class,
            SecurityHubFinding.class,
            EventContext.class,
            InstanceContext.class,
            PrincipalContext.class,
            PrincipalContext.AccessKey.class,
            InvestigationIncomplete.class,
            RelatedFindings.class,
            RelatedFindings.Finding.class,
            ActivitySummary.class,
            BucketContext.class,
            BucketContext.PublicAccessBlock.class,
            Ip.class,
            PolicyDocument.class,
            ActionCommand.class,
            PlaybookRun.class,
            AuditRecord.class,
            Outcome.class,
            Mode.class,
            ActionSpec.class,
            ParamSpec.class,
            AwsRequest.class
        })
final class NativeReflection {
    private NativeReflection() {}
}
