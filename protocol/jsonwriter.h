#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace drove::protocol {

/// Writes compact JSON straight into a byte array, for the server's hottest responses (an
/// application summary, the list of all applications), where building a QJsonObject first costs
/// more than everything else a request does. Objects are written in the caller's key order:
/// callers use QJsonObject's (sorted) order, so the bytes are those QJsonDocument would write.
class JsonWriter
{
public:
    explicit JsonWriter(QByteArray *out)
        : m_out(out)
    { }

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }
    /// A member's key (and the ':'); the value follows.
    void key(QLatin1String name);
    void key(const QString &name);
    void value(const QString &text);
    /// A string that needs no escaping (an enum's Drove name).
    void value(QLatin1String plain);
    void value(qint64 number);
    void value(bool flag);
    void nullValue();
    /// An already serialised JSON value.
    void rawValue(QByteArrayView json);

    /// Appends \a text as a JSON string literal (quotes and escapes included).
    static void appendString(QByteArray *out, QStringView text);

private:
    /// The escaped UTF-8 of \a text, without quotes.
    static void appendEscaped(QByteArray *out, QStringView text);
    void open(char bracket);
    void close(char bracket);
    void separate();

    QByteArray *m_out;
    std::vector<bool> m_empty; ///< per open container: nothing written in it yet
    bool m_afterKey = false;
};

} // namespace drove::protocol
