/// The labels of one usage series: `{source, provider, model, project}`, plus the labels only
/// some sources have (`user` and `phase` from team usage records; `tenant`, `app_service` and
/// `operation` from application events). An empty value is a label the series does not carry.
package struct SeriesKey: Hashable, Comparable, Sendable {
    package var source: String
    package var provider: String
    package var model: String
    package var project: String
    package var user: String
    package var phase: String
    package var tenant: String
    package var appService: String
    package var operation: String

    package init(
        source: String, provider: String, model: String, project: String, user: String = "", phase: String = "",
        tenant: String = "", appService: String = "", operation: String = ""
    ) {
        self.source = source
        self.provider = provider
        self.model = model
        self.project = project
        self.user = user
        self.phase = phase
        self.tenant = tenant
        self.appService = appService
        self.operation = operation
    }

    /// The key with the given labels emptied: what `--label.drop` sums over.
    package func dropping(_ labels: Set<SeriesLabel>) -> SeriesKey {
        var key = self
        for label in labels { key[label] = "" }
        return key
    }

    /// Label names and values in exposition order; empty optional labels are left out.
    package var labelPairs: [(String, String)] {
        var pairs: [(String, String)] = []
        pairs.reserveCapacity(SeriesLabel.allCases.count)
        for label in SeriesLabel.allCases {
            let value = self[label]
            if !value.isEmpty || label.isAlwaysPresent { pairs.append((label.rawValue, value)) }
        }
        return pairs
    }

    package subscript(label: SeriesLabel) -> String {
        get {
            switch label {
            case .source: source
            case .provider: provider
            case .model: model
            case .project: project
            case .user: user
            case .phase: phase
            case .tenant: tenant
            case .appService: appService
            case .operation: operation
            }
        }
        set {
            switch label {
            case .source: source = newValue
            case .provider: provider = newValue
            case .model: model = newValue
            case .project: project = newValue
            case .user: user = newValue
            case .phase: phase = newValue
            case .tenant: tenant = newValue
            case .appService: appService = newValue
            case .operation: operation = newValue
            }
        }
    }

    package static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
        for label in SeriesLabel.allCases where lhs[label] != rhs[label] {
            return lhs[label] < rhs[label]
        }
        return false
    }
}

/// A usage series' label names, in exposition (and sorting) order.
package enum SeriesLabel: String, CaseIterable, Sendable {
    case source
    case provider
    case model
    case project
    case user
    case phase
    case tenant
    case appService = "app_service"
    case operation

    /// `source`, `provider`, `model` and `project` are on every usage series; the others only where set.
    package var isAlwaysPresent: Bool { self == .source || self == .provider || self == .model || self == .project }

    /// Labels `--label.drop` may remove (`source` stays: the health families join on it).
    package static let droppable: [SeriesLabel] = allCases.filter { $0 != .source }
}

/// An interned ``SeriesKey``: an index into the ledger's per-series arrays.
package typealias SeriesID = UInt32
