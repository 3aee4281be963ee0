import Glibc

/// The processor cores.
package enum Cores {
    /// The cores online now.
    package static var online: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
