//! `--aws-credential-report FILE`: fetches the account's IAM credential
//! report with the AWS SDK for Rust (the standard credential chain:
//! environment, profiles, SSO, instance and container roles; `AWS_REGION`,
//! `AWS_ENDPOINT_URL` as usual), and writes it to FILE in the form
//! `aws iam get-credential-report` prints, so that it is linted like any
//! other report and kept as evidence. Built only with the `aws` feature.

use std::path::Path;

/// Fetches the report into `path`.
#[cfg(not(feature = "aws"))]
pub(super) fn fetch(_path: &Path) -> Result<(), String> {
    Err("--aws-credential-report: this keylint was built without the `aws` feature (cargo install keylint --features aws)".into())
}

/// Fetches the report into `path`.
#[cfg(feature = "aws")]
pub(super) fn fetch(path: &Path) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("--aws-credential-report: {e}"))?;
    let response = runtime.block_on(sdk::credential_report())?;
    std::fs::write(path, response).map_err(|e| {
        let shown = crate::escape::terminal(&path.display().to_string());
        format!("--aws-credential-report: cannot write {shown}: {e}")
    })
}

#[cfg(feature = "aws")]
mod sdk {
    use std::time::Duration;

    use aws_sdk_iam::error::DisplayErrorContext;
    use aws_sdk_iam::primitives::DateTimeFormat;
    use aws_sdk_iam::types::ReportStateType;
    use base64::Engine;

    /// How long to wait for AWS to generate the report: it usually takes
    /// seconds, and AWS keeps a report for four hours.
    const ATTEMPTS: u32 = 60;
    const PAUSE: Duration = Duration::from_secs(2);

    /// The report, as the JSON `aws iam get-credential-report` prints.
    pub(super) async fn credential_report() -> Result<String, String> {
        let error = |e: &dyn std::fmt::Display| format!("--aws-credential-report: {e}");
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        let iam = aws_sdk_iam::Client::new(&config);
        let mut complete = false;
        for _ in 0..ATTEMPTS {
            let generated = iam
                .generate_credential_report()
                .send()
                .await
                .map_err(|e| error(&DisplayErrorContext(e)))?;
            if generated.state() == Some(&ReportStateType::Complete) {
                complete = true;
                break;
            }
            tokio::time::sleep(PAUSE).await;
        }
        if !complete {
            return Err(error(&"the report was not generated within two minutes"));
        }
        let report = iam
            .get_credential_report()
            .send()
            .await
            .map_err(|e| error(&DisplayErrorContext(e)))?;
        let content = report
            .content()
            .ok_or_else(|| error(&"the response has no Content"))?;
        let generated = report
            .generated_time()
            .and_then(|t| t.fmt(DateTimeFormat::DateTime).ok());
        let response = serde_json::json!({
            "Content": base64::engine::general_purpose::STANDARD.encode(content.as_ref()),
            "ReportFormat": report.report_format().map(|f| f.as_str()).unwrap_or("text/csv"),
            "GeneratedTime": generated,
        });
        Ok(format!("{response:#}\n"))
    }
}
