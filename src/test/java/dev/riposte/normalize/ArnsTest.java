package dev.riposte.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.fact.Resource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one table of ARN service/resource -> CloudFormation type, checked row by row on ARNs as AWS writes them. */
class ArnsTest {
    /** ARN, expected type, expected id: at least one per row of {@link Arns#TABLE}. */
    private static final List<String[]> EXAMPLES = List.of(
            row(
                    "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0",
                    "AWS::EC2::Instance",
                    "i-0123456789abcdef0"),
            row(
                    "arn:aws:ec2:us-east-1:111122223333:security-group/sg-0a1b2c3d",
                    "AWS::EC2::SecurityGroup",
                    "sg-0a1b2c3d"),
            row("arn:aws:ec2:us-east-1:111122223333:volume/vol-0a1b2c3d", "AWS::EC2::Volume", "vol-0a1b2c3d"),
            row("arn:aws:ec2:us-east-1::snapshot/snap-0a1b2c3d", "AWS::EC2::Snapshot", "snap-0a1b2c3d"),
            row("arn:aws:ec2:us-east-1::image/ami-0a1b2c3d", "AWS::EC2::Image", "ami-0a1b2c3d"),
            row("arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0a1b2c3d", "AWS::EC2::VPC", "vpc-0a1b2c3d"),
            row("arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0a1b2c3d", "AWS::EC2::Subnet", "subnet-0a1b2c3d"),
            row(
                    "arn:aws:ec2:us-east-1:111122223333:network-interface/eni-0a1b2c3d",
                    "AWS::EC2::NetworkInterface",
                    "eni-0a1b2c3d"),
            row("arn:aws:ec2:us-east-1:111122223333:network-acl/acl-0a1b2c3d", "AWS::EC2::NetworkAcl", "acl-0a1b2c3d"),
            row("arn:aws:ec2:us-east-1:111122223333:route-table/rtb-0a1b2c3d", "AWS::EC2::RouteTable", "rtb-0a1b2c3d"),
            row(
                    "arn:aws:ec2:us-east-1:111122223333:internet-gateway/igw-0a1b2c3d",
                    "AWS::EC2::InternetGateway",
                    "igw-0a1b2c3d"),
            row("arn:aws:ec2:us-east-1:111122223333:natgateway/nat-0a1b2c3d", "AWS::EC2::NatGateway", "nat-0a1b2c3d"),
            row(
                    "arn:aws:ec2:us-east-1:111122223333:elastic-ip/eipalloc-0a1b2c3d",
                    "AWS::EC2::EIP",
                    "eipalloc-0a1b2c3d"),
            row(
                    "arn:aws:ec2:us-east-1:111122223333:vpc-endpoint/vpce-0a1b2c3d",
                    "AWS::EC2::VPCEndpoint",
                    "vpce-0a1b2c3d"),
            row("arn:aws:ec2:us-east-1:111122223333:vpc-flow-log/fl-0a1b2c3d", "AWS::EC2::FlowLog", "fl-0a1b2c3d"),
            row(
                    "arn:aws:ec2:us-east-1:111122223333:launch-template/lt-0a1b2c3d",
                    "AWS::EC2::LaunchTemplate",
                    "lt-0a1b2c3d"),
            row(
                    "arn:aws:ec2:us-east-1:111122223333:transit-gateway/tgw-0a1b2c3d",
                    "AWS::EC2::TransitGateway",
                    "tgw-0a1b2c3d"),
            row("arn:aws:ec2:us-east-1:111122223333:key-pair/deploy", "AWS::EC2::KeyPair", "deploy"),
            row("arn:aws:iam::111122223333:user/team/alice", "AWS::IAM::User", "alice"),
            row("arn:aws:iam::111122223333:role/service-role/lambda-exec", "AWS::IAM::Role", "lambda-exec"),
            row("arn:aws:iam::aws:policy/AdministratorAccess", "AWS::IAM::ManagedPolicy", "AdministratorAccess"),
            row("arn:aws:iam::111122223333:group/admins", "AWS::IAM::Group", "admins"),
            row("arn:aws:iam::111122223333:instance-profile/web", "AWS::IAM::InstanceProfile", "web"),
            row("arn:aws:iam::111122223333:saml-provider/okta", "AWS::IAM::SAMLProvider", "okta"),
            row(
                    "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
                    "AWS::IAM::OIDCProvider",
                    "token.actions.githubusercontent.com"),
            row("arn:aws:iam::111122223333:server-certificate/web-cert", "AWS::IAM::ServerCertificate", "web-cert"),
            row("arn:aws:iam::111122223333:mfa/alice", "AWS::IAM::VirtualMFADevice", "alice"),
            row("arn:aws:iam::111122223333:root", "AWS::IAM::Root", "root"),
            row("arn:aws:s3:::logs-bucket", "AWS::S3::Bucket", "logs-bucket"),
            row(
                    "arn:aws:lambda:eu-central-1:111122223333:function:VulnerableFunction:$LATEST",
                    "AWS::Lambda::Function",
                    "VulnerableFunction"),
            row("arn:aws:lambda:eu-central-1:111122223333:layer:shared:3", "AWS::Lambda::LayerVersion", "shared"),
            row("arn:aws:rds:us-east-1:111122223333:db:orders", "AWS::RDS::DBInstance", "orders"),
            row("arn:aws:rds:us-east-1:111122223333:cluster:orders-cluster", "AWS::RDS::DBCluster", "orders-cluster"),
            row("arn:aws:rds:us-east-1:111122223333:snapshot:orders-2024", "AWS::RDS::DBSnapshot", "orders-2024"),
            row(
                    "arn:aws:rds:us-east-1:111122223333:cluster-snapshot:orders-c-2024",
                    "AWS::RDS::DBClusterSnapshot",
                    "orders-c-2024"),
            row(
                    "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    "AWS::KMS::Key",
                    "1234abcd-12ab-34cd-56ef-1234567890ab"),
            row("arn:aws:kms:us-east-1:111122223333:alias/app/prod", "AWS::KMS::Alias", "app/prod"),
            row("arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail", "AWS::CloudTrail::Trail", "org-trail"),
            row("arn:aws:eks:us-east-1:111122223333:cluster/prod", "AWS::EKS::Cluster", "prod"),
            row(
                    "arn:aws:eks:us-east-1:111122223333:nodegroup/prod/workers/4ec5d2d8",
                    "AWS::EKS::Nodegroup",
                    "4ec5d2d8"),
            row("arn:aws:ecs:us-east-1:111122223333:cluster/web", "AWS::ECS::Cluster", "web"),
            row("arn:aws:ecs:us-east-1:111122223333:service/web/api", "AWS::ECS::Service", "api"),
            row("arn:aws:ecs:us-east-1:111122223333:task/web/0123456789abcdef", "AWS::ECS::Task", "0123456789abcdef"),
            row("arn:aws:ecs:us-east-1:111122223333:task-definition/api:7", "AWS::ECS::TaskDefinition", "api:7"),
            row("arn:aws:ecr:us-east-1:111122223333:repository/team/app", "AWS::ECR::Repository", "team/app"),
            row("arn:aws:sns:us-east-1:111122223333:alerts", "AWS::SNS::Topic", "alerts"),
            row("arn:aws:sqs:us-east-1:111122223333:events-dlq", "AWS::SQS::Queue", "events-dlq"),
            row(
                    "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db/password-AbCdEf",
                    "AWS::SecretsManager::Secret",
                    "prod/db/password-AbCdEf"),
            row(
                    "arn:aws:ssm:us-east-1:111122223333:parameter/prod/db/password",
                    "AWS::SSM::Parameter",
                    "prod/db/password"),
            row("arn:aws:ssm:us-east-1:111122223333:document/Runbook", "AWS::SSM::Document", "Runbook"),
            row(
                    "arn:aws:dynamodb:us-east-1:111122223333:table/sessions/stream/2024-05-01T00:00:00.000",
                    "AWS::DynamoDB::Table",
                    "sessions"),
            row(
                    "arn:aws:guardduty:us-east-1:111122223333:detector/12abc34d567e8fa901bc2d34e56789f0",
                    "AWS::GuardDuty::Detector",
                    "12abc34d567e8fa901bc2d34e56789f0"),
            row(
                    "arn:aws:config:us-east-1:111122223333:config-rule/config-rule-ab12cd",
                    "AWS::Config::ConfigRule",
                    "config-rule-ab12cd"),
            row(
                    "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/api:*",
                    "AWS::Logs::LogGroup",
                    "/aws/lambda/api"),
            row(
                    "arn:aws:cloudformation:us-east-1:111122223333:stack/web/1a2b3c4d",
                    "AWS::CloudFormation::Stack",
                    "web"),
            row(
                    "arn:aws:access-analyzer:us-west-2:111122223333:analyzer/MyAnalyzer",
                    "AWS::AccessAnalyzer::Analyzer",
                    "MyAnalyzer"),
            row("arn:aws:securityhub:us-east-1:111122223333:hub/default", "AWS::SecurityHub::Hub", "default"),
            row(
                    "arn:aws:states:us-east-1:111122223333:stateMachine:ir-flow",
                    "AWS::StepFunctions::StateMachine",
                    "ir-flow"),
            row("arn:aws:events:us-east-1:111122223333:rule/guardduty-to-sqs", "AWS::Events::Rule", "guardduty-to-sqs"),
            row("arn:aws:codebuild:us-east-1:111122223333:project/build", "AWS::CodeBuild::Project", "build"),
            row(
                    "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0a1b2c3d",
                    "AWS::EFS::FileSystem",
                    "fs-0a1b2c3d"),
            row("arn:aws:redshift:us-east-1:111122223333:cluster:warehouse", "AWS::Redshift::Cluster", "warehouse"),
            row("arn:aws:cloudwatch:us-east-1:111122223333:alarm:cpu-high", "AWS::CloudWatch::Alarm", "cpu-high"),
            row("arn:aws:kinesis:us-east-1:111122223333:stream/clicks", "AWS::Kinesis::Stream", "clicks"),
            row(
                    "arn:aws:firehose:us-east-1:111122223333:deliverystream/to-s3",
                    "AWS::KinesisFirehose::DeliveryStream",
                    "to-s3"),
            row(
                    "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666",
                    "AWS::CertificateManager::Certificate",
                    "0a1b2c3d-1111-2222-3333-444455556666"),
            row(
                    "arn:aws:cloudfront::111122223333:distribution/E1A2B3C4D5",
                    "AWS::CloudFront::Distribution",
                    "E1A2B3C4D5"),
            row("arn:aws:route53:::hostedzone/Z0123456789", "AWS::Route53::HostedZone", "Z0123456789"),
            row("arn:aws:backup:us-east-1:111122223333:backup-vault:Default", "AWS::Backup::BackupVault", "Default"),
            row(
                    "arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/research",
                    "AWS::SageMaker::NotebookInstance",
                    "research"));

    private static String[] row(String arn, String type, String id) {
        return new String[] {arn, type, id};
    }

    @Test
    void everyRowOfTheTableMapsItsArnsToTheCloudFormationTypeAndTheId() {
        Set<Arns.Entry> covered = new HashSet<>();
        for (String[] ex : EXAMPLES) {
            Resource r = Arns.resourceFromArn(ex[0], "999999999999", "us-west-2");
            assertThat(r.type()).as(ex[0]).isEqualTo(ex[1]);
            assertThat(r.id()).as(ex[0]).isEqualTo(ex[2]);
            assertThat(r.arn()).isEqualTo(ex[0]);
            covered.add(Arns.entry(ex[0]));
        }
        assertThat(covered).as("rows without an example").containsExactlyInAnyOrderElementsOf(Arns.TABLE);
    }

    @Test
    void accountAndRegionComeFromTheArnElseFromTheEventAndGlobalServicesHaveNoRegion() {
        Resource bucket = Arns.resourceFromArn("arn:aws:s3:::logs-bucket", "111122223333", "eu-west-1");
        assertThat(bucket.account()).isEqualTo("111122223333");
        assertThat(bucket.region()).isEqualTo("eu-west-1");
        Resource role = Arns.resourceFromArn("arn:aws:iam::444455556666:role/r", "111122223333", "eu-west-1");
        assertThat(role.account()).isEqualTo("444455556666");
        assertThat(role.region()).isNull();
        Resource key = Arns.resourceFromArn("arn:aws:kms:ap-south-1:444455556666:key/k", "111122223333", "eu-west-1");
        assertThat(key.region()).isEqualTo("ap-south-1");
    }

    @Test
    void anObjectArnIsAnObjectAndAnUnknownKindIsNamedFromTheArnsOwnWords() {
        Resource object = Arns.resourceFromArn("arn:aws:s3:::logs-bucket/2024/05/01/a.json", null, "us-east-1");
        assertThat(object.type()).isEqualTo("AWS::S3::Object");
        assertThat(object.id()).isEqualTo("logs-bucket/2024/05/01/a.json");
        Resource session = Arns.resourceFromArn("arn:aws:sts::111122223333:assumed-role/Admin/alice", null, null);
        assertThat(session.type()).isEqualTo("AWS::STS::AssumedRole");
        assertThat(session.id()).isEqualTo("alice");
        assertThat(Arns.resourceFromArn("not-an-arn", null, null)).isNull();
    }
}
