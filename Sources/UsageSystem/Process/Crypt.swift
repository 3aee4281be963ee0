import Glibc
import Synchronization

/// The system's `crypt(3)` (libcrypt, loaded at first use: Glibc's module does not export it),
/// for bcrypt password hashes.
package enum Crypt {
    private typealias Function =
        @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?

    /// `crypt` returns a buffer shared by the whole process: every call goes through this lock.
    private static let function: Mutex<Function?> = {
        guard let library = dlopen("libcrypt.so.1", RTLD_NOW) ?? dlopen("libcrypt.so", RTLD_NOW),
            let symbol = dlsym(library, "crypt")
        else { return Mutex(nil) }
        return Mutex(unsafeBitCast(symbol, to: Function.self))
    }()

    /// Whether the system has libcrypt.
    package static var isAvailable: Bool { function.withLock { $0 != nil } }

    /// `crypt(password, setting)`: the hash of `password` with the salt and cost of `setting`
    /// (a whole hash); nil when libcrypt is missing or refuses the setting.
    package static func hash(_ password: String, setting: String) -> String? {
        function.withLock { crypt in
            guard let crypt, let result = crypt(password, setting) else { return nil }
            return String(cString: result)
        }
    }
}
