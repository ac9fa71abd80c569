/// A field's value in a create or update: absent (leave as is), cleared (explicit `null`) or set.
public enum Patch<Value> {
    case absent
    case clear
    case set(Value)

    public var value: Value? { if case .set(let v) = self { v } else { nil } }
    public var isAbsent: Bool { if case .absent = self { true } else { false } }

    public func map<T>(_ f: (Value) -> T) -> Patch<T> {
        switch self {
        case .absent: .absent
        case .clear: .clear
        case .set(let v): .set(f(v))
        }
    }
}

extension Patch: Sendable where Value: Sendable {}
extension Patch: Equatable where Value: Equatable {}
