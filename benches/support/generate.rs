//! Deterministic, realistic IaC trees for benchmarks, shared by
//! `examples/generate.rs` (the command) and `benches/` (micro-benchmarks).
//!
//! Sizes: `small` (100 modules, 50 templates), `large` (2,000 modules of 5
//! files = 10,000 `.tf` files, 1,000 templates), `huge` (20,000 modules,
//! 10,000 templates), `iam-dense` (every module declares IAM users and keys,
//! about 50 MB of HCL), `plan-100mb` (one compact, single-line plan JSON of
//! about 100 MB with child modules). The same size and seed always give the
//! same bytes.
//!
//! Terraform modules hold mostly unrelated resources (S3, EC2, security
//! groups, IAM roles and policies, locals, variables, module calls); about 3%
//! declare IAM users with login profiles and access keys, with references,
//! `count` and `for_each`, so that findings are real.

#![allow(dead_code)] // each user of this module needs part of it

use std::fmt::Write as _;
use std::path::Path;

/// xorshift64*: tiny, seeded, good enough to vary names and shapes.
pub struct Rng(pub u64);

impl Rng {
    /// The next pseudo-random number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// The named sizes; `plan-100mb` is written by [`plan`].
pub fn named(size: &str) -> Option<Size> {
    Some(match size {
        "small" => Size {
            modules: 100,
            templates: 50,
            iam_percent: 3,
            bulk: 1,
        },
        "large" => Size {
            modules: 2_000,
            templates: 1_000,
            iam_percent: 3,
            bulk: 1,
        },
        "huge" => Size {
            modules: 20_000,
            templates: 10_000,
            iam_percent: 3,
            bulk: 1,
        },
        "iam-dense" => Size {
            modules: 4_000,
            templates: 0,
            iam_percent: 100,
            bulk: 4,
        },
        _ => return None,
    })
}

const TEAMS: &[&str] = &[
    "payments", "search", "identity", "platform", "data", "mobile", "growth", "infra",
];
const ENVS: &[&str] = &["dev", "staging", "prod"];
const REGIONS: &[&str] = &["eu-west-1", "us-east-1", "ap-southeast-2"];

pub struct Size {
    pub modules: usize,
    pub templates: usize,
    pub iam_percent: u64,
    /// Repeat the unrelated resources this many times per file (bytes per module).
    pub bulk: usize,
}

fn write(path: &Path, text: &str) -> u64 {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create directory");
    }
    std::fs::write(path, text).expect("write file");
    text.len() as u64
}

/// Writes a tree of Terraform modules and templates; returns the bytes written.
pub fn tree(out: &Path, rng: &mut Rng, size: &Size) -> u64 {
    let mut bytes = 0;
    bytes += write(&out.join("modules/tags/main.tf"), TAGS_MODULE);
    for i in 0..size.modules {
        let team = rng.pick(TEAMS);
        let env = rng.pick(ENVS);
        let dir = out.join(format!("live/{team}/{env}/svc-{i:05}"));
        let name = format!("{team}-{env}-{i}");
        bytes += write(&dir.join("variables.tf"), &variables(rng, &name));
        bytes += write(&dir.join("main.tf"), &compute(rng, size.bulk));
        bytes += write(&dir.join("storage.tf"), &storage(rng, size.bulk));
        bytes += write(&dir.join("network.tf"), &network(rng, size.bulk));
        let iam = if rng.chance(size.iam_percent) {
            iam_users(rng, &name, size.bulk)
        } else {
            roles(rng)
        };
        bytes += write(&dir.join("iam.tf"), &iam);
    }
    for i in 0..size.templates {
        let name = format!("stack-{i:05}");
        let with_keys = rng.chance(size.iam_percent);
        if rng.chance(50) {
            bytes += write(
                &out.join(format!("stacks/{name}.yaml")),
                &template_yaml(rng, with_keys),
            );
        } else {
            bytes += write(
                &out.join(format!("stacks/{name}.template.json")),
                &template_json(rng, with_keys),
            );
        }
    }
    bytes
}

const TAGS_MODULE: &str = r#"variable "team" {
  type = string
}

variable "env" {
  type = string
}

output "tags" {
  value = {
    Team        = var.team
    Environment = var.env
    ManagedBy   = "terraform"
  }
}
"#;

fn variables(rng: &mut Rng, name: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r#"variable "name" {{
  type    = string
  default = "{name}"
}}

variable "region" {{
  type    = string
  default = "{}"
}}

variable "instance_count" {{
  type    = number
  default = {}
}}

variable "enable_logging" {{
  type    = bool
  default = {}
}}

locals {{
  prefix = "${{var.name}}-${{var.region}}"
  common_tags = merge(module.tags.tags, {{
    Service = var.name
  }})
}}

module "tags" {{
  source = "../../../../modules/tags"
  team   = "{}"
  env    = "{}"
}}
"#,
        rng.pick(REGIONS),
        1 + rng.below(4),
        rng.chance(50),
        rng.pick(TEAMS),
        rng.pick(ENVS),
    );
    s
}

fn compute(rng: &mut Rng, bulk: usize) -> String {
    let mut s = String::new();
    for b in 0..bulk {
        let _ = write!(
            s,
            r#"data "aws_ami" "base_{b}" {{
  most_recent = true
  owners      = ["amazon"]

  filter {{
    name   = "name"
    values = ["al2023-ami-*-x86_64"]
  }}
}}

resource "aws_instance" "app_{b}" {{
  count         = var.instance_count
  ami           = data.aws_ami.base_{b}.id
  instance_type = "{}"
  subnet_id     = aws_subnet.private.id

  vpc_security_group_ids = [aws_security_group.app.id]

  root_block_device {{
    volume_size = {}
    encrypted   = true
  }}

  tags = merge(local.common_tags, {{ Name = "${{local.prefix}}-app-${{count.index}}" }})
}}

resource "aws_cloudwatch_log_group" "app_{b}" {{
  count             = var.enable_logging ? 1 : 0
  name              = "/app/${{var.name}}/{b}"
  retention_in_days = {}
}}
"#,
            rng.pick(&["t3.micro", "t3.small", "m6i.large", "c6i.xlarge"]),
            20 + rng.below(80),
            [7, 14, 30, 90][rng.below(4) as usize],
        );
    }
    s
}

fn storage(rng: &mut Rng, bulk: usize) -> String {
    let mut s = String::new();
    for b in 0..bulk {
        let _ = write!(
            s,
            r#"resource "aws_s3_bucket" "data_{b}" {{
  bucket = "${{local.prefix}}-data-{b}-{}"
  tags   = local.common_tags
}}

resource "aws_s3_bucket_versioning" "data_{b}" {{
  bucket = aws_s3_bucket.data_{b}.id
  versioning_configuration {{
    status = "Enabled"
  }}
}}

resource "aws_s3_bucket_server_side_encryption_configuration" "data_{b}" {{
  bucket = aws_s3_bucket.data_{b}.id
  rule {{
    apply_server_side_encryption_by_default {{
      sse_algorithm = "aws:kms"
    }}
  }}
}}

resource "aws_s3_bucket_public_access_block" "data_{b}" {{
  bucket                  = aws_s3_bucket.data_{b}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}}
"#,
            rng.below(1_000_000),
        );
    }
    s
}

fn network(rng: &mut Rng, bulk: usize) -> String {
    let mut s = format!(
        r#"resource "aws_vpc" "main" {{
  cidr_block = "10.{}.0.0/16"
  tags       = local.common_tags
}}

resource "aws_subnet" "private" {{
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, 1)
}}

resource "aws_security_group" "app" {{
  name   = "${{local.prefix}}-app"
  vpc_id = aws_vpc.main.id
}}
"#,
        rng.below(256)
    );
    for b in 0..bulk * 3 {
        let port = rng.pick(&["443", "8080", "5432", "6379"]);
        let _ = write!(
            s,
            r#"
resource "aws_security_group_rule" "ingress_{b}" {{
  type              = "ingress"
  from_port         = {port}
  to_port           = {port}
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
  security_group_id = aws_security_group.app.id
}}
"#
        );
    }
    s
}

fn roles(rng: &mut Rng) -> String {
    format!(
        r#"data "aws_iam_policy_document" "assume" {{
  statement {{
    actions = ["sts:AssumeRole"]
    principals {{
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }}
  }}
}}

resource "aws_iam_role" "app" {{
  name               = "${{local.prefix}}-app"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}}

resource "aws_iam_role_policy" "app" {{
  role = aws_iam_role.app.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "arn:aws:s3:::{}/*"
    }}]
  }})
}}
"#,
        rng.below(1_000_000)
    )
}

/// IAM users with login profiles and keys: violations of both rules, written
/// with references, literals, `count` and `for_each`.
fn iam_users(rng: &mut Rng, name: &str, bulk: usize) -> String {
    let mut s = roles(rng);
    for b in 0..bulk {
        let console = rng.chance(50);
        let keys = 1 + rng.below(2);
        let _ = write!(
            s,
            r#"
resource "aws_iam_user" "ci_{b}" {{
  name = "${{var.name}}-ci-{b}"
  tags = local.common_tags
}}

resource "aws_iam_access_key" "ci_{b}" {{
  count = {keys}
  user  = aws_iam_user.ci_{b}.name
}}

locals {{
  people_{b} = toset(["alice-{b}", "bob-{b}"])
}}

resource "aws_iam_user" "person_{b}" {{
  for_each = local.people_{b}
  name     = "{name}-${{each.key}}"
}}

resource "aws_iam_user_login_profile" "person_{b}" {{
  for_each = {console} ? local.people_{b} : toset([])
  user     = aws_iam_user.person_{b}[each.key].name
}}

resource "aws_iam_access_key" "person_{b}" {{
  for_each = local.people_{b}
  user     = aws_iam_user.person_{b}[each.key].name
  status   = "{}"
}}
"#,
            if rng.chance(30) { "Inactive" } else { "Active" },
        );
    }
    s
}

/// One CloudFormation template in YAML.
pub fn template_yaml(rng: &mut Rng, with_keys: bool) -> String {
    let mut s = format!(
        r#"AWSTemplateFormatVersion: "2010-09-09"
Description: Service stack {}
Parameters:
  Env:
    Type: String
    Default: {}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${{AWS::StackName}}-data"
      VersioningConfiguration:
        Status: Enabled
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {{ Service: lambda.amazonaws.com }}
            Action: sts:AssumeRole
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: !GetAtt Role.Arn
      MemorySize: {}
      Code:
        ZipFile: |
          def handler(event, context):
              return {{"ok": True}}
"#,
        rng.below(100_000),
        rng.pick(ENVS),
        [128, 256, 512][rng.below(3) as usize]
    );
    if with_keys {
        s.push_str(
            r#"  Operator:
    Type: AWS::IAM::User
    Properties:
      LoginProfile:
        Password: !Ref AWS::NoValue
  OperatorKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref Operator
  OperatorKeyTwo:
    Type: AWS::IAM::AccessKey
    Condition: IsProd
    Properties:
      UserName: !Ref 'Operator'
"#,
        );
    }
    s
}

/// One CloudFormation template in JSON.
pub fn template_json(rng: &mut Rng, with_keys: bool) -> String {
    let keys = if with_keys {
        r#",
    "Deployer7A1B2C3D": {"Type": "AWS::IAM::User", "Properties": {"UserName": "deployer"}},
    "DeployerKeyA": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": {"Ref": "Deployer7A1B2C3D"}}},
    "DeployerKeyB": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "deployer"}}"#
    } else {
        ""
    };
    format!(
        r#"{{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {{
    "Queue{}": {{"Type": "AWS::SQS::Queue", "Properties": {{"VisibilityTimeout": {}}}}},
    "Topic": {{"Type": "AWS::SNS::Topic", "Metadata": {{"aws:cdk:path": "App/Topic/Resource"}}}},
    "Table": {{"Type": "AWS::DynamoDB::Table", "Properties": {{
      "BillingMode": "PAY_PER_REQUEST",
      "AttributeDefinitions": [{{"AttributeName": "pk", "AttributeType": "S"}}],
      "KeySchema": [{{"AttributeName": "pk", "KeyType": "HASH"}}]
    }}}}{keys}
  }}
}}
"#,
        rng.below(100_000),
        30 + rng.below(300)
    )
}

/// A compact, single-line plan of about `target` bytes, as `terraform show
/// -json` writes it: planned values with child modules, resource changes,
/// prior state and configuration.
pub fn plan(out: &Path, rng: &mut Rng, target: u64) -> u64 {
    let mut changes = String::new();
    let mut modules = String::new();
    let mut n = 0u64;
    while ((changes.len() + modules.len()) as u64) < target {
        let module = format!("module.svc_{}", n / 50);
        let bucket = format!(
            r#"{{"address":"{module}.aws_s3_bucket.b{n}","mode":"managed","type":"aws_s3_bucket","name":"b{n}","provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":{{"bucket":"data-{n}-{}","force_destroy":false,"tags":{{"Team":"{}","Env":"{}"}},"timeouts":null}},"sensitive_values":{{"tags":{{}}}}}}"#,
            rng.below(1_000_000),
            rng.pick(TEAMS),
            rng.pick(ENVS)
        );
        let change = format!(
            r#"{{"address":"{module}.aws_s3_bucket.b{n}","module_address":"{module}","mode":"managed","type":"aws_s3_bucket","name":"b{n}","provider_name":"registry.terraform.io/hashicorp/aws","change":{{"actions":["create"],"before":null,"after":{{"bucket":"data-{n}","force_destroy":false}},"after_unknown":{{"arn":true,"id":true}},"before_sensitive":false,"after_sensitive":{{}}}}}}"#
        );
        if n.is_multiple_of(50) {
            if !modules.is_empty() {
                modules.push_str("]},");
            }
            let _ = write!(modules, r#"{{"address":"{module}","resources":["#);
        } else {
            modules.push(',');
        }
        modules.push_str(&bucket);
        if n % 500 == 7 {
            // Two active keys for one user, every 500 resources.
            for k in 0..2 {
                let _ = write!(
                    modules,
                    r#",{{"address":"{module}.aws_iam_access_key.k[{k}]","mode":"managed","type":"aws_iam_access_key","name":"k","index":{k},"provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":{{"pgp_key":null,"status":"Active","user":"svc-{n}"}},"sensitive_values":{{}}}}"#
                );
            }
        }
        if !changes.is_empty() {
            changes.push(',');
        }
        changes.push_str(&change);
        n += 1;
    }
    modules.push_str("]}");
    let text = format!(
        r#"{{"format_version":"1.2","terraform_version":"1.9.5","planned_values":{{"root_module":{{"resources":[],"child_modules":[{modules}]}}}},"resource_changes":[{changes}],"configuration":{{"root_module":{{}}}},"timestamp":"2026-11-01T00:00:00Z","errored":false}}"#
    );
    write(&out.join("plan.json"), &text)
}
