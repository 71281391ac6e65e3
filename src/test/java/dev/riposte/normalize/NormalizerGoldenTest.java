package dev.riposte.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden cases: every folder under src/test/resources/normalize/ holds input.json and expected.json
 * (the facts of docs/fact-model.md plus related facts, one array element per fact). Run with
 * {@code -Dnormalize.golden.update=true} to rewrite expected.json after a deliberate change, then review the diff.
 */
class NormalizerGoldenTest {
    static final Path CASES = Path.of("src/test/resources/normalize");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Normalizer normalizer = new Normalizer();

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(CASES)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(dirs).hasSizeGreaterThanOrEqualTo(10);
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> check(d)));
    }

    private void check(Path dir) throws Exception {
        JsonNode actual = render(
                normalizer.normalize(JSON.readTree(dir.resolve("input.json").toFile())));
        Path expectedFile = dir.resolve("expected.json");
        if (Boolean.getBoolean("normalize.golden.update")) {
            Files.writeString(expectedFile, JSON.writeValueAsString(actual) + "\n");
        }
        assertThat(expectedFile).exists();
        JsonNode expected = JSON.readTree(expectedFile.toFile());
        assertThat(JSON.writeValueAsString(actual)).isEqualTo(JSON.writeValueAsString(expected));
    }

    static JsonNode render(List<Normalized> facts) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Normalized n : facts) {
            out.add(Facts.toJson(n));
        }
        return JSON.valueToTree(out);
    }

    @Test
    void pascalCaseAndCamelCaseGuardDutyFindingsGiveIdenticalFacts() throws Exception {
        JsonNode eventBridge = JSON.readTree(
                CASES.resolve("guardduty-ec2-eventbridge/input.json").toFile());
        JsonNode getFindings = JSON.readTree(
                CASES.resolve("guardduty-ec2-getfindings/input.json").toFile());
        assertThat(render(normalizer.normalize(getFindings))).isEqualTo(render(normalizer.normalize(eventBridge)));
    }

    @Test
    void pascalCaseGuardDutyDetailOffersTheCamelCasePathsRulesUse() throws Exception {
        JsonNode eventBridge = JSON.readTree(
                CASES.resolve("guardduty-ec2-eventbridge/input.json").toFile());
        JsonNode getFindings = JSON.readTree(
                CASES.resolve("guardduty-ec2-getfindings/input.json").toFile());
        var camel = normalizer.normalize(eventBridge).get(0).event();
        var pascal = normalizer.normalize(getFindings).get(0).event();
        for (String path : List.of(
                "service.action.actionType",
                "resource.instanceDetails.instanceId",
                "service.action.networkConnectionAction.remoteIpDetails.ipAddressV4",
                "resource.instanceDetails.tags.0.value")) {
            assertThat(pascal.detailText(path)).as(path).isNotNull().isEqualTo(camel.detailText(path));
        }
        assertThat(pascal.detail()).containsKey("service").doesNotContainKey("Service");
        // names that are not PascalCase words keep their spelling (GuardDuty's affectedResources keys)
        assertThat(Plain.camel("AWS::CloudTrail::Trail")).isEqualTo("AWS::CloudTrail::Trail");
        assertThat(Plain.camel("S3BucketDetails")).isEqualTo("s3BucketDetails");
        assertThat(Plain.camel("IpAddressV4")).isEqualTo("ipAddressV4");
    }
}
