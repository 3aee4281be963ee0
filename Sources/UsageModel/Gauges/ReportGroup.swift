/// What a report's rows are grouped by (`--group-by`), besides the period.
package enum ReportGroup: String, CaseIterable, Sendable {
    case model, project, user, phase, tenant, source

    var label: SeriesLabel {
        switch self {
        case .model: .model
        case .project: .project
        case .user: .user
        case .phase: .phase
        case .tenant: .tenant
        case .source: .source
        }
    }
}
