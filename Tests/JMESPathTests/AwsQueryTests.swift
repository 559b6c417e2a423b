import Testing
import JMESPath
import JSON

/// The queries lessons actually run against awscli responses.
@Suite struct AwsQueryTests {
    let parameter = try! JSONParser.parse(#"{"Parameter": {"Name": "/aws/x", "Type": "String", "Value": "ami-0b5e3a7d9c1f24e68", "Version": 160, "LastModifiedDate": 1777597163.565}}"#)

    @Test func lessonQueries() throws {
        #expect(try JMESPathExpression("Parameter.Value").search(parameter) == .string("ami-0b5e3a7d9c1f24e68"))
        #expect(try JMESPathExpression("Parameter.[Name,Value,Version]").search(parameter) == .array([.string("/aws/x"), .string("ami-0b5e3a7d9c1f24e68"), .int(160)]))
        #expect(try JMESPathExpression("length(Parameter)").search(parameter) == .int(5))
    }

    @Test func keyOrderIsKept() throws {
        let value = try JMESPathExpression("Parameter.{V: Value, N: Name}").search(parameter)
        guard case .object(let pairs) = value else {
            Issue.record("expected an object")
            return
        }
        #expect(pairs.map(\.key) == ["V", "N"])
    }

    @Test func pythonLikeSerialization() throws {
        #expect(JSONSerializer.pretty(parameter) == """
            {
                "Parameter": {
                    "Name": "/aws/x",
                    "Type": "String",
                    "Value": "ami-0b5e3a7d9c1f24e68",
                    "Version": 160,
                    "LastModifiedDate": 1777597163.565
                }
            }
            """)
        #expect(JSONSerializer.compact(.array([.double(1.0), .string("é\n"), .null])) == #"[1.0,"é\n",null]"#)
    }

    @Test func syntaxErrorsSayWhere() {
        do {
            _ = try JMESPathExpression("Parameter.[Name")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.position == 15)
        }
    }
}
