/// When each event of a recording is shown in a replay: pauses longer than the idle limit are cut
/// to it, then everything is divided by the speed. Pure arithmetic; the terminal player sleeps.
public struct ReplayPlan: Sendable {
    public struct Item: Sendable {
        /// Seconds to wait before showing the event.
        public var delay: Double
        public var event: Asciicast.Event
    }

    public let items: [Item]
    /// Index of the first item to play in time; earlier items are shown at once (fast-forward).
    public let startIndex: Int

    /// - Parameters:
    ///   - idleLimit: overrides the recording's `idle_time_limit` (nil keeps it; none means no cap).
    ///   - fromStep: start at the marker of lesson step N (`Step N/…`), or the Nth marker when the
    ///     recording has no step markers (asciinema's own files).
    public init(_ cast: Asciicast, speed: Double = 1, idleLimit: Double? = nil, fromStep: Int? = nil) throws(ReplayPlanError) {
        let limit = idleLimit ?? cast.header.idleTimeLimit ?? .infinity
        let factor = speed > 0 ? speed : 1
        var items: [Item] = []
        items.reserveCapacity(cast.events.count)
        var previous = 0.0
        for event in cast.events {
            let gap = max(0, event.time - previous)
            previous = event.time
            items.append(Item(delay: min(gap, limit) / factor, event: event))
        }
        self.items = items
        if let fromStep {
            guard let index = Self.markerIndex(forStep: fromStep, in: cast) else {
                throw ReplayPlanError(step: fromStep, available: Self.stepNumbers(cast))
            }
            startIndex = index
        } else {
            startIndex = 0
        }
    }

    /// Event index of step N's marker.
    public static func markerIndex(forStep step: Int, in cast: Asciicast) -> Int? {
        let markers = cast.markers
        if let stepMarker = markers.first(where: { StepMarker.step(in: $0.label) == step }) { return stepMarker.index }
        let hasStepMarkers = markers.contains { StepMarker.step(in: $0.label) != nil }
        guard !hasStepMarkers, step >= 1, step <= markers.count else { return nil }
        return markers[step - 1].index
    }

    /// The step numbers a recording has markers for (a skipped block has none).
    public static func stepNumbers(_ cast: Asciicast) -> [Int] {
        let steps = cast.markers.compactMap { StepMarker.step(in: $0.label) }
        return steps.isEmpty ? Array(cast.markers.indices.map { $0 + 1 }) : steps
    }

    /// Output text from step N on (what `replay --cat --from-step N` prints).
    public var outputFromStart: String {
        var text = ""
        for item in items[startIndex...] where item.event.code == .output { text += item.event.data }
        return text
    }

    /// Total playing time in seconds, from the start index.
    public var duration: Double { items[startIndex...].reduce(0) { $0 + $1.delay } }
}

public struct ReplayPlanError: Error, Sendable, CustomStringConvertible {
    public var step: Int
    public var available: [Int]
    public var description: String {
        available.isEmpty ? "this recording has no step markers, so --from-step cannot find step \(step)"
            : "there is no step \(step): this recording has steps \(available.map(String.init).joined(separator: ", "))"
    }
}
