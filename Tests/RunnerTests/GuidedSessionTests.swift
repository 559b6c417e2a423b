import Foundation
import Testing
import ClusterSim
import LessonKit
import Narration
import Presentation
@testable import Runner

@Suite(.enabled(if: ClientProgram.isBuilt, "workshop-client is not built beside the tests")) struct GuidedSessionTests {
    static let lessonPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("lessons/mng-upgrades/upgrade-ami.md").path

    final class Screen: @unchecked Sendable {
        var text = ""
    }

    func guided(narration: NarrationLevel = .full) throws -> (GuidedSession, Screen) {
        let lesson = try LessonParser.load(path: Self.lessonPath)
        let screen = Screen()
        let guided = try GuidedSession(lessons: [lesson], scenario: .default, seed: 1, speed: .maximum, narration: narration,
                                   style: TerminalStyle(enabled: false), clientExecutable: ClientProgram.path, write: { screen.text += $0 })
        return (guided, screen)
    }

    @Test func enterRunsBlocksInOrderAndNarrationFollowsThePhases() throws {
        let (guided, screen) = try guided()
        guided.start()
        #expect(screen.text.hasPrefix("Upgrade a node group to the latest AMI\n"))
        #expect(guided.promptContext == "upgrade-ami 1/6")
        for _ in 0..<3 { #expect(guided.handle("")) }
        #expect(guided.promptContext == "upgrade-ami 4/6")
        _ = guided.handle(":skip")  // the --watch block
        _ = guided.handle("")       // aws eks wait nodegroup-active
        let text = screen.text
        let phases = ["Phase 1/4, setup", "Phase 2/4, scale up", "Phase 3/4, upgrade", "Phase 4/4, scale down", "is Successful"]
        let positions = phases.map { text.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(text)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(text.contains("grows from 3 to 9 nodes (max 6 → 12): by the larger of 2 × 3 Availability Zones = 6 and maxUnavailable = 1"))
        #expect(text.contains("EKS is draining ip-") && text.contains("(3 old nodes left)"))
        #expect(text.contains("waits 60 seconds"))
        _ = guided.handle("")
        #expect(screen.text.hasSuffix("End of the lesson. Keep exploring the cluster, or :reset to start again.\n"))
    }

    /// The participant reads the command's answer first, then what it set off; what happens while
    /// a command waits is narrated as it happens, before the wait's own result.
    @Test func narrationFollowsTheAnswerOfTheCommandThatCausedIt() throws {
        let (guided, screen) = try guided()
        guided.start()
        screen.text = ""
        _ = guided.handle("aws eks update-nodegroup-version --cluster-name eks-workshop --nodegroup-name default --query update.status --output text")
        let answer = try #require(screen.text.range(of: "InProgress\n"), "\(screen.text)")
        let accepted = try #require(screen.text.range(of: "EKS accepted the update"), "\(screen.text)")
        #expect(answer.lowerBound < accepted.lowerBound, "\(screen.text)")
        screen.text = ""
        _ = guided.handle("aws eks wait nodegroup-active --cluster-name eks-workshop --nodegroup-name default && echo waited")
        let scaleDown = try #require(screen.text.range(of: "Phase 4/4, scale down"), "\(screen.text)")
        let waited = try #require(screen.text.range(of: "waited\n"), "\(screen.text)")
        #expect(scaleDown.lowerBound < waited.lowerBound, "\(screen.text)")
    }

    @Test func verbsMoveAroundTheLesson() throws {
        let (guided, screen) = try guided()
        guided.start()
        _ = guided.handle(":goto 3")
        #expect(guided.promptContext == "upgrade-ami 3/6")
        _ = guided.handle(":back")
        #expect(guided.promptContext == "upgrade-ami 2/6")
        _ = guided.handle(":goto 9")
        #expect(screen.text.contains("Usage: :goto N, with N from 1 to 6"))
        screen.text = ""
        _ = guided.handle(":blocks")
        #expect(screen.text.contains("▶ 2. aws eks describe-nodegroup"))
        #expect(screen.text.contains("4. kubectl get nodes --watch  (test=false)"))
        _ = guided.handle(":help")
        #expect(screen.text.contains(":explain"))
        #expect(screen.text.contains("  :timeline [FILE] draw what the cluster did so far"), "no usage is cut: \(screen.text)")
        #expect(guided.handle(":quit") == false)
    }

    @Test func freeCommandsShareTheLessonsEnvironment() throws {
        let (guided, screen) = try guided()
        guided.start()
        _ = guided.handle("")  // exports EKS_VERSION
        screen.text = ""
        _ = guided.handle("echo $EKS_VERSION")
        #expect(screen.text == "1.33\n")
        // Lines are bash: pipes, loops, cd and plain variables, as in any terminal.
        screen.text = ""
        _ = guided.handle("kubectl get nodes -o name | grep -c node/")
        #expect(screen.text == "3\n")
        _ = guided.handle("cd /; LOCAL=kept")
        screen.text = ""
        _ = guided.handle("for n in 1 2; do echo \"$n $LOCAL $PWD\"; done")
        #expect(screen.text == "1 kept /\n2 kept /\n")
        screen.text = ""
        _ = guided.handle("no-such-program")
        #expect(screen.text.contains("no-such-program: command not found"))
        #expect(screen.text.contains("(exit status 127)"))
    }

    @Test func ctrlCStopsALineThatWaitsOnTheTerminal() throws {
        let (guided, screen) = try guided()
        final class Presses: @unchecked Sendable { var polls = 0 }
        let presses = Presses()
        guided.interrupted = { presses.polls += 1; return presses.polls == 5 }
        screen.text = ""
        _ = guided.handle("cat")  // reads the terminal until Ctrl-C
        #expect(screen.text.contains("(interrupted; the cluster keeps going)"))
        guided.interrupted = { false }
        screen.text = ""
        _ = guided.handle("echo still here")
        #expect(screen.text == "still here\n")
    }

    @Test func openSwitchesLessonsOnTheSameCluster() throws {
        let (guided, screen) = try guided()
        let other = try LessonParser.load(path: Self.lessonPath.replacingOccurrences(of: "upgrade-ami.md", with: "find-amis.md"))
        guided.library = [other]
        guided.start()
        _ = guided.handle("aws eks update-nodegroup-version --cluster-name eks-workshop --nodegroup-name default")
        _ = guided.handle(":open find")
        #expect(guided.promptContext == "find-amis 1/6")
        #expect(screen.text.contains("Find the right AMI\n"))
        #expect(guided.session.simulator.activeUpdate(nodegroup: "default") != nil)
        _ = guided.handle(":open nothing")
        #expect(screen.text.contains("Usage: :open NAME, one of: find-amis"))
    }

    @Test func explainAndReset() throws {
        let (guided, screen) = try guided()
        guided.start()
        screen.text = ""
        _ = guided.handle(":explain")
        #expect(screen.text.contains("Nothing is changing"))
        _ = guided.handle("aws eks update-nodegroup-version --cluster-name eks-workshop --nodegroup-name default")
        screen.text = ""
        _ = guided.handle(":explain")
        #expect(screen.text.contains("setup phase"))
        _ = guided.handle(":reset")
        #expect(guided.session.simulator.now == .zero)
        #expect(guided.promptContext == "upgrade-ami 1/6")
    }

    @Test func completionOffersVerbsCommandsAndLiveNames() throws {
        let simulator = Simulator(scenario: .default)
        let completer = Completer()
        #expect(completer.candidates(for: "ku", simulator: simulator) == ["kubectl"])
        #expect(completer.candidates(for: ":ex", simulator: simulator) == [":explain"])
        #expect(completer.candidates(for: "aws eks describe-n", simulator: simulator) == ["describe-nodegroup"])
        #expect(completer.candidates(for: "aws eks describe-nodegroup --nodegroup-name ", simulator: simulator) == ["default"])
        #expect(completer.candidates(for: "kubectl get nodes ip-", simulator: simulator).count == 3)
        #expect(completer.candidates(for: "kubectl rollout re", simulator: simulator) == ["restart", "resume"])
        #expect(completer.candidates(for: "kubectl rollout undo dep", simulator: simulator) == ["deployments"])
        #expect(completer.candidates(for: ":goto ", simulator: simulator, blockCount: 3) == ["1", "2", "3"])
        #expect(completer.candidates(for: ":open fi", simulator: simulator, lessonNames: ["find-amis", "upgrade-ami"]) == ["find-amis"])
        #expect(completer.candidates(for: "aws ssm get-parameter --name /aws/service/eks/optimized-ami/1.3", simulator: simulator)
            .contains("/aws/service/eks/optimized-ami/1.33/"))
    }
}
