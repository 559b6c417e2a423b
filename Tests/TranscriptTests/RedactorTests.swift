import Testing
import Transcript

/// The redaction rules on single lines (the session-level check of 20+ shapes is in RunnerTests).
@Suite struct RedactorTests {
    @Test func eachRuleNamesWhatItHid() {
        let redactor = Redactor()
        #expect(redactor.redact("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE") == "export AWS_ACCESS_KEY_ID=[REDACTED aws-access-key-id]")
        #expect(redactor.redact("Authorization: Bearer abc.def") == "Authorization: [REDACTED authorization-header]")
        #expect(redactor.redact("https://u:pw12345@host/x") == "https://u:[REDACTED url-password]@host/x")
        // Already redacted text stays as it is (verification redacts fresh output a second time).
        let once = redactor.redact("password=CorrectHorse")
        #expect(redactor.redact(once) == once)
    }

    @Test func ordinaryOutputIsUntouched() {
        let redactor = Redactor()
        let lines = [
            "NAME                                          STATUS   ROLES    AGE   VERSION",
            "ip-10-42-10-96.us-west-2.compute.internal   Ready    <none>   5d    v1.33.5-eks-0a21954",
            "ami-0b5e3a7d9c1f24e68",
            "arn:aws:eks:us-west-2:123456789012:cluster/eks-workshop",
            "\"updateId\": \"3f4b6c1e-8a2d-4c5e-9f10-2b3c4d5e6f70\"",
            "Tokens of appreciation are welcome.",
        ]
        for line in lines { #expect(redactor.redact(line) == line) }
    }

    @Test func accountIdsAreMaskedOnlyWhenAsked() {
        let arn = "arn:aws:eks:us-west-2:123456789012:cluster/eks-workshop"
        #expect(Redactor().redact(arn) == arn)
        #expect(!Redactor(maskAccountIds: true).redact(arn).contains("123456789012"))
    }
}
