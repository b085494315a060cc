#include "protocol/jsonwriter.h"

#include <charconv>

namespace drove::protocol {

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_empty.empty()) {
        if (!m_empty.back())
            m_out->append(',');
        m_empty.back() = false;
    }
}

void JsonWriter::open(char bracket)
{
    separate();
    m_out->append(bracket);
    m_empty.push_back(true);
}

void JsonWriter::close(char bracket)
{
    m_empty.pop_back();
    m_out->append(bracket);
}

void JsonWriter::key(QLatin1String name)
{
    separate();
    m_out->append('"');
    m_out->append(name.data(), name.size()); // callers' keys are plain ASCII identifiers
    m_out->append("\":", 2);
    m_afterKey = true;
}

void JsonWriter::key(const QString &name)
{
    separate();
    appendString(m_out, name);
    m_out->append(':');
    m_afterKey = true;
}

void JsonWriter::value(const QString &text)
{
    separate();
    appendString(m_out, text);
}

void JsonWriter::value(QLatin1String plain)
{
    separate();
    m_out->append('"');
    m_out->append(plain.data(), plain.size());
    m_out->append('"');
}

void JsonWriter::value(qint64 number)
{
    separate();
    // No temporary QByteArray: the list of 10,000 apps writes 50,000 numbers.
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, number);
    m_out->append(digits, result.ptr - digits);
}

void JsonWriter::value(bool flag)
{
    separate();
    m_out->append(flag ? QByteArrayView("true") : QByteArrayView("false"));
}

void JsonWriter::nullValue()
{
    separate();
    m_out->append("null", 4);
}

void JsonWriter::rawValue(QByteArrayView json)
{
    separate();
    m_out->append(json);
}

void JsonWriter::appendString(QByteArray *out, QStringView text)
{
    // Ids, names, tags and enum names are plain ASCII: copy that leading run byte by byte into
    // the (reserved) output, without converting the string to a temporary UTF-8 array.
    const char16_t *chars = text.utf16();
    const qsizetype length = text.size();
    qsizetype plain = 0;
    while (plain < length) {
        const char16_t c = chars[plain];
        if (c >= 0x80 || c < 0x20 || c == u'"' || c == u'\\')
            break;
        ++plain;
    }
    const qsizetype start = out->size();
    out->resize(start + plain + 1);
    char *to = out->data() + start;
    *to++ = '"';
    for (qsizetype i = 0; i < plain; ++i)
        to[i] = char(chars[i]);
    if (plain < length)
        appendEscaped(out, text.sliced(plain));
    out->append('"');
}

void JsonWriter::appendEscaped(QByteArray *out, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    const char *run = utf8.constData();
    const char *end = run + utf8.size();
    for (const char *p = run; p < end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out->append(run, p - run);
        run = p + 1;
        switch (c) {
        case '"':
            out->append("\\\"", 2);
            break;
        case '\\':
            out->append("\\\\", 2);
            break;
        case '\b':
            out->append("\\b", 2);
            break;
        case '\f':
            out->append("\\f", 2);
            break;
        case '\n':
            out->append("\\n", 2);
            break;
        case '\r':
            out->append("\\r", 2);
            break;
        case '\t':
            out->append("\\t", 2);
            break;
        default: {
            const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
            out->append(escape, sizeof escape);
        }
        }
    }
    out->append(run, end - run);
}

} // namespace drove::protocol
