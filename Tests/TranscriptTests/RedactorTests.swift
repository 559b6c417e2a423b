import Testing
import Transcript

/// Secrets never reach a transcript: each shape a participant might paste or print is hidden.
@Suite struct RedactorTests {
    /// Secret shapes and, for each, the secret part that must disappear.
    static let shapes: [(text: String, secret: String)] = [
        ("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
        ("temporary ASIAY34FZKBOKMUTVV7A in use", "ASIAY34FZKBOKMUTVV7A"),
        ("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ("aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"),
        ("\"SecretAccessKey\": \"9drTJvcXLB89EXAMPLELB8923FB892xMFI/EXAMPLE\",", "9drTJvcXLB89EXAMPLELB8923FB892xMFI/EXAMPLE"),
        ("export AWS_SESSION_TOKEN=AQoDYXdzEJr1K2EXAMPLEtokenEXAMPLEtokenEXAMPLE", "AQoDYXdzEJr1K2EXAMPLEtokenEXAMPLEtokenEXAMPLE"),
        ("\"SessionToken\": \"AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/LTo6UDdyJwOOvEVPvLXCrrrUtdnniCEXAMPLE\"", "AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/LTo6UDdyJwOOvEVPvLXCrrrUtdnniCEXAMPLE"),
        ("token FwoGZXIvYXdzEBYaDHqa0AP2kZ1mSomethingLong", "FwoGZXIvYXdzEBYaDHqa0AP2kZ1mSomethingLong"),
        ("IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQD", "IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQD"),
        ("Authorization: AWS4-HMAC-SHA256 Credential=abc/20260101/us-west-2/eks/aws4_request, Signature=fe5f80f77d5fa3beca038a248ff027", "Signature=fe5f80f77d5fa3beca038a248ff027"),
        ("curl -H 'Authorization: Basic dXNlcjpwYXNzd29yZA=='", "dXNlcjpwYXNzd29yZA=="),
        ("curl -H \"Authorization: Bearer abc.def.ghi-123\"", "abc.def.ghi-123"),
        ("bearer s3cr3tBearerValue42", "s3cr3tBearerValue42"),
        ("    token: eyJhbGciOiJSUzI1NiIsImtpZCI6Ik.eyJpc3MiOiJrdWJlcm5ldGVz.c2lnbmF0dXJlc2lnbmF0dXJl", "eyJhbGciOiJSUzI1NiIsImtpZCI6Ik.eyJpc3MiOiJrdWJlcm5ldGVz.c2lnbmF0dXJlc2lnbmF0dXJl"),
        ("    token: 7c2f1b5e9d8a4c3b2a1f0e9d8c7b6a5f", "7c2f1b5e9d8a4c3b2a1f0e9d8c7b6a5f"),
        ("kubectl --token=sha256~AbCdEfGhIjKlMnOpQrStUvWxYz get pods", "sha256~AbCdEfGhIjKlMnOpQrStUvWxYz"),
        ("\"token\": \"k8s-aws-v1.aHR0cHM6Ly9zdHMudXMtd2VzdC0yLmFtYXpvbmF3cy5jb20v\"", "k8s-aws-v1.aHR0cHM6Ly9zdHMudXMtd2VzdC0yLmFtYXpvbmF3cy5jb20v"),
        ("    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=", "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo="),
        ("git clone https://alice:hunter2pass@git.example.com/repo.git", "hunter2pass"),
        ("postgres://admin:Sup3rS3cret!@db.internal:5432/app", "Sup3rS3cret!"),
        ("password=CorrectHorseBatteryStaple", "CorrectHorseBatteryStaple"),
        ("DB_PASSWORD: 'p@ssw0rd-with-symbols'", "p@ssw0rd-with-symbols"),
        ("https://bucket.s3.amazonaws.com/k?X-Amz-Credential=AKIDEXAMPLE%2F20260101&X-Amz-Signature=0123456789abcdef0123", "0123456789abcdef0123"),
        ("https://x?X-Amz-Security-Token=IQoJb3JpZ2luX2VjEFoaExample%2Bpart", "IQoJb3JpZ2luX2VjEFoaExample"),
        ("-----BEGIN RSA PRIVATE KEY-----MIIEowIBAAKCAQEA", "MIIEowIBAAKCAQEA"),
        ("GITHUB_TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
        ("slack xoxb-123456789012-abcdefghijkl", "xoxb-123456789012-abcdefghijkl"),
        ("client_secret: 8Q~abcDEFghiJKLmnoPQRstuVWXyz", "8Q~abcDEFghiJKLmnoPQRstuVWXyz"),
    ]

    @Test func everyShapeIsHidden() {
        #expect(Self.shapes.count >= 20)
        let redactor = Redactor()
        for shape in Self.shapes {
            let redacted = redactor.redact(shape.text)
            #expect(!redacted.contains(shape.secret), "\(shape.text) → \(redacted)")
            #expect(redacted.contains("[REDACTED"), "\(shape.text)")
        }
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
