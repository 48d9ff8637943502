#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace gatehouse::core {

// An error as a value. `code` is a stable, machine-readable identifier ("jwt.segment.base64") that tests
// and `--json` output rely on; `message` is plain words for a person; `where` optionally locates the
// problem (a token segment, a byte offset, a field name). Never put a secret into any of them.
struct Error
{
    QString code;
    QString message;
    QString where;

    static Error make(const QString& code, const QString& message, const QString& where = {})
    {
        return Error{code, message, where};
    }
};

template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<0>(m_state); }
    T& value() & { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }
    const T& operator*() const& { return value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { return std::get<1>(m_state); }

private:
    std::variant<T, Error> m_state;
};

template <>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_ok(false) {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error& error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

using Status = Result<void>;

} // namespace gatehouse::core
