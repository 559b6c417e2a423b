import Foundation
import Testing

/// `workshop run` with piped input: no prompt, no colour, every line processed.
@Suite struct RunCommandTests {
    @Test func pipedSessionRunsTheBundledLesson() throws {
        let input = "\n\n\n:skip\n\n\n:explain\naws eks describe-nodegroup --cluster-name eks-workshop --nodegroup-name default --query nodegroup.status --output text\n"
        let result = try WorkshopBinary.run(["run"], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Upgrade a node group to the latest AMI\n"))
        #expect(!result.stdout.contains("\u{1B}["))
        #expect(result.stdout.contains("Phase 4/4, scale down"))
        #expect(result.stdout.contains("is Successful"))
        #expect(result.stdout.hasSuffix("$ aws eks describe-nodegroup --cluster-name eks-workshop --nodegroup-name default --query nodegroup.status --output text\nACTIVE\n"))
    }

    @Test func noArgumentsMeansRun() throws {
        let result = try WorkshopBinary.run([], stdin: ":quit\n")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Upgrade a node group to the latest AMI\n"))
    }

    @Test func badSpeedIsAUsageError() throws {
        #expect(try WorkshopBinary.run(["run", "--speed", "fast"]).status == 2)
    }
}

@Suite struct ContinuationTests {
    @Test func backslashContinuesACommandOnTheNextLine() throws {
        let result = try WorkshopBinary.run(["run", "--narrate", "off"], stdin: "aws eks describe-cluster \\\n  --name eks-workshop --query cluster.status --output text\n")
        #expect(result.stdout.hasSuffix("$ aws eks describe-cluster \\\n  --name eks-workshop --query cluster.status --output text\nACTIVE\n"))
    }
}
