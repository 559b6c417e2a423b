import ShellSyntax

/// Executes parsed command lines: lists with `&&`, `||` and `;`, assignments, `export`,
/// command substitution (run natively), and native programs.
struct ShellInterpreter {
    let session: Session
    let output: OutputStreams

    static let builtins: Set<String> = ["export", "unset", ":", "true", "false", "echo", "sleep"]

    /// Runs every list; returns the last status.
    func run(_ script: Script) -> Int32 {
        var status: Int32 = 0
        for list in script.lists {
            if list.background {
                output.err("not available in the simulated cluster: background jobs (&)\n")
                status = Session.unavailableStatus
                session.record(status: status)
                continue
            }
            status = run(list.first)
            session.record(status: status)
            for (connector, pipeline) in list.rest {
                if (connector == .and) != (status == 0) { continue }
                status = run(pipeline)
                session.record(status: status)
            }
        }
        return status
    }

    private func run(_ pipeline: Pipeline) -> Int32 {
        if pipeline.commands.count > 1 {
            // Name the first program with no native equivalent; otherwise the pipe itself.
            for command in pipeline.commands {
                if let name = command.programName, !session.isAvailable(name) {
                    output.err("not available in the simulated cluster: \(name)\n")
                    return Session.unavailableStatus
                }
            }
            output.err("not available in the simulated cluster: pipelines (|)\n")
            return Session.unavailableStatus
        }
        let status = run(pipeline.commands[0])
        return pipeline.negated ? (status == 0 ? 1 : 0) : status
    }

    private func expander() -> WordExpander {
        let session = self.session
        let output = self.output
        return WordExpander(
            lookup: { session.value(of: $0) },
            assign: { session.set($0, $1) },
            substitute: { substitution in
                // $(…) runs natively; its stderr goes to the terminal, its stdout becomes the value.
                let captured = OutputStreams()
                captured.onWrite = { text, isError in if isError { output.err(text) } }
                let status = ShellInterpreter(session: session, output: captured).run(substitution.script)
                session.record(status: status)
                return captured.stdout
            })
    }

    private func run(_ command: SimpleCommand) -> Int32 {
        let expander = expander()
        do {
            // Redirections: only the harmless ones a lesson uses with no file to write.
            var mergeErrors = false
            var discardOut = false
            var discardErr = false
            for redirection in command.redirections {
                let target = try expander.string(of: redirection.target)
                switch (redirection.op, redirection.fileDescriptor, target) {
                case (.duplicateOutput, 2, "1"): mergeErrors = true
                case (.output, nil, "/dev/null"), (.output, 1, "/dev/null"): discardOut = true
                case (.output, 2, "/dev/null"): discardErr = true
                case (.outputAndError, _, "/dev/null"): discardOut = true; discardErr = true
                default:
                    output.err("not available in the simulated cluster: redirection '\(redirection.op.rawValue)\(target)' (no files in the simulated session)\n")
                    return Session.unavailableStatus
                }
            }
            guard !command.words.isEmpty else {
                for assignment in command.assignments {
                    session.set(assignment.name, try expander.string(of: assignment.value))
                }
                return session.lastStatus
            }
            // `export` is a declaration: its NAME=value words are not split into fields.
            if command.programName == "export" {
                for export in command.exports {
                    if let value = export.value {
                        session.export(export.name, try expander.string(of: value))
                    } else {
                        session.export(export.name)
                    }
                }
                return 0
            }
            var prefix: [String: String] = [:]
            for assignment in command.assignments { prefix[assignment.name] = try expander.string(of: assignment.value) }
            var fields: [String] = []
            for word in command.words { fields += try expander.fields(of: word) }
            guard let name = fields.first else { return 0 }
            let arguments = Array(fields.dropFirst())

            let target = OutputStreams()
            target.onWrite = { text, isError in
                if isError {
                    if discardErr { return }
                    if mergeErrors && !discardOut { output.out(text) } else { output.err(text) }
                } else if !discardOut {
                    output.out(text)
                }
            }
            switch name {
            case "unset":
                for variable in arguments { session.unset(variable) }
                return 0
            case ":":
                return 0
            default:
                break
            }
            guard let program = session.program(named: name) else {
                output.err("not available in the simulated cluster: \(name)\n")
                return Session.unavailableStatus
            }
            var environment = session.environment
            for (k, v) in prefix { environment[k] = v }
            return program.run(arguments, context: ProgramContext(session: session, output: target, environment: environment))
        } catch let error as ExpansionError {
            output.err("bash: \(error)\n")
            return 1
        } catch {
            output.err("bash: \(error)\n")
            return 1
        }
    }
}
