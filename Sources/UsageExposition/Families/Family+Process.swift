/// The standard `process_*` families, as every Prometheus client library exports them.
extension Family {
    package static let processCPU = Family(
        "process_cpu_seconds_total", .counter, help: "Total user and system CPU time spent in seconds.")
    package static let processMaxFDs = Family(
        "process_max_fds", .gauge, help: "Maximum number of open file descriptors.")
    package static let processOpenFDs = Family("process_open_fds", .gauge, help: "Number of open file descriptors.")
    package static let processResident = Family(
        "process_resident_memory_bytes", .gauge, help: "Resident memory size in bytes.")
    package static let processStart = Family(
        "process_start_time_seconds", .gauge, help: "Start time of the process since unix epoch in seconds.")
    package static let processVirtualMax = Family(
        "process_virtual_memory_max_bytes", .gauge, help: "Maximum amount of virtual memory available in bytes.")
    package static let processVirtual = Family(
        "process_virtual_memory_bytes", .gauge, help: "Virtual memory size in bytes.")
}
