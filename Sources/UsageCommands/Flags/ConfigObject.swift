import ByteJSON
import UsageRuntime

/// One object of the config file, read strictly: every key must be known, every value of the
/// right type, and each mistake names its key path (`sources.codex.paths[1]`).
struct ConfigObject {
    /// The file and the key path of this object, for errors.
    let file: String
    let path: String
    private let members: [(key: String, value: JSONValue)]

    init(_ value: JSONValue, file: String, path: String, allowed: [String]) throws(UsageError) {
        self.file = file
        self.path = path
        guard case .object(let members) = value else {
            throw UsageError("\(file): \(path.isEmpty ? "the document" : path): expected an object")
        }
        self.members = members
        var seen: Set<String> = []
        for (key, _) in members {
            guard allowed.contains(key) else {
                throw UsageError(
                    "\(file): \(keyPath(key)): unknown key (known here: \(allowed.joined(separator: ", ")))")
            }
            guard seen.insert(key).inserted else { throw UsageError("\(file): \(keyPath(key)): repeated key") }
        }
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// `file: key.path` for a value's error message.
    func what(_ key: String) -> String { "\(file): \(keyPath(key))" }

    private func value(_ key: String) -> JSONValue? { members.first { $0.key == key }?.value }

    func object(_ key: String, allowed: [String]) throws(UsageError) -> ConfigObject? {
        guard let value = value(key) else { return nil }
        return try ConfigObject(value, file: file, path: keyPath(key), allowed: allowed)
    }

    /// An object whose keys are names chosen by the user (model names), each an object.
    func namedObjects(_ key: String, allowed: [String]) throws(UsageError) -> [(String, ConfigObject)]? {
        guard let value = value(key) else { return nil }
        guard case .object(let entries) = value else { throw UsageError("\(what(key)): expected an object") }
        var result: [(String, ConfigObject)] = []
        for (name, entry) in entries {
            result.append(
                (name, try ConfigObject(entry, file: file, path: keyPath(key) + "." + name, allowed: allowed)))
        }
        return result
    }

    func string(_ key: String) throws(UsageError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw UsageError("\(what(key)): expected a string") }
        return text
    }

    /// A string, or a whole number given as a number (`"max"` or `500000`).
    func stringOrInteger(_ key: String) throws(UsageError) -> String? {
        guard let value = value(key) else { return nil }
        switch value {
        case .string(let text): return text
        case .number(let number) where number == number.rounded() && abs(number) < 1e15: return String(Int64(number))
        default: throw UsageError("\(what(key)): expected a string or a whole number")
        }
    }

    func bool(_ key: String) throws(UsageError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw UsageError("\(what(key)): expected true or false") }
        return flag
    }

    /// A number that is finite and not negative.
    func amount(_ key: String) throws(UsageError) -> Double? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value, number.isFinite else {
            throw UsageError("\(what(key)): expected a number")
        }
        guard number >= 0 else { throw UsageError("\(what(key)): \(number) is negative") }
        return number
    }

    func integer(_ key: String) throws(UsageError) -> Int? {
        guard let number = try amount(key) else { return nil }
        guard number == number.rounded(), number < 1e15 else { throw UsageError("\(what(key)): expected an integer") }
        return Int(number)
    }

    func strings(_ key: String) throws(UsageError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard case .array(let elements) = value else { throw UsageError("\(what(key)): expected a list of strings") }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element, !text.isEmpty else {
                throw UsageError("\(what(key))[\(index)]: expected a non-empty string")
            }
            result.append(text)
        }
        return result
    }
}
