package dev.riposte.aws.action.ec2;

import dev.riposte.aws.document.EventDetail;
import dev.riposte.fact.SecurityEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An instance's VPC and network interfaces (each with its security groups), as a GuardDuty finding
 * reports them ({@code resource.instanceDetails.networkInterfaces[]}) or as DescribeInstances returns them.
 */
record InstanceNetwork(String vpcId, List<Eni> interfaces) {

    record Eni(String id, List<String> groupIds) {
        Eni {
            groupIds = List.copyOf(groupIds);
        }
    }

    InstanceNetwork {
        interfaces = List.copyOf(interfaces);
    }

    /** Every group of every interface, each once, in order. */
    List<String> groupIds() {
        Set<String> all = new LinkedHashSet<>();
        interfaces.forEach(e -> all.addAll(e.groupIds()));
        return List.copyOf(all);
    }

    /** From the finding, only when it is about {@code instanceId} and names the VPC and at least one interface. */
    static Optional<InstanceNetwork> fromFinding(SecurityEvent event, String instanceId) {
        if (event == null) {
            return Optional.empty();
        }
        Object details = EventDetail.at(event.detail(), "resource.instanceDetails");
        String reported = EventDetail.text(details, "instanceId");
        if (details == null || (reported != null && !reported.equals(instanceId))) {
            return Optional.empty();
        }
        String vpc = null;
        List<Eni> enis = new ArrayList<>();
        for (Object ni : EventDetail.list(details, "networkInterfaces")) {
            String id = EventDetail.text(ni, "networkInterfaceId");
            if (id == null) {
                continue;
            }
            if (vpc == null) {
                vpc = EventDetail.text(ni, "vpcId");
            }
            List<String> groups = new ArrayList<>();
            for (Object sg : EventDetail.list(ni, "securityGroups")) {
                String g = EventDetail.text(sg, "groupId");
                if (g != null) {
                    groups.add(g);
                }
            }
            enis.add(new Eni(id, groups));
        }
        return vpc == null || enis.isEmpty() ? Optional.empty() : Optional.of(new InstanceNetwork(vpc, enis));
    }
}
