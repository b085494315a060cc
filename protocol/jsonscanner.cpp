#include "protocol/jsonscanner.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace drove::protocol {

namespace {

// Same bound as Qt's parser would need to stay off the stack's edge; our payloads nest 3 deep.
constexpr int kMaxDepth = 64;

bool isWhitespace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// The four hex digits of a \\u escape.
bool readHex4(const char *p, char16_t *unit)
{
    char16_t value = 0;
    for (int i = 0; i < 4; ++i) {
        const int digit = hexValue(p[i]);
        if (digit < 0)
            return false;
        value = char16_t((value << 4) | digit);
    }
    *unit = value;
    return true;
}

/// Strict UTF-8 (no overlongs, no surrogates, at most U+10FFFF), as Qt's JSON parser demands.
bool isValidUtf8(const unsigned char *p, const unsigned char *end)
{
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int extra = 0;
        char32_t min = 0;
        char32_t code = 0;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            min = 0x80;
            code = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            min = 0x800;
            code = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            min = 0x10000;
            code = c & 0x07;
        } else {
            return false;
        }
        if (end - p <= extra)
            return false;
        for (int i = 1; i <= extra; ++i) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            code = (code << 6) | (p[i] & 0x3F);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return false;
        p += extra + 1;
    }
    return true;
}

} // namespace

void JsonScanner::skipWhitespace()
{
    while (m_data < m_end && isWhitespace(*m_data))
        ++m_data;
}

bool JsonScanner::enterObject()
{
    skipWhitespace();
    if (m_failed || m_data >= m_end || *m_data != '{' || ++m_depth > kMaxDepth)
        return fail();
    ++m_data;
    m_pendingFirst = true;
    return true;
}

bool JsonScanner::beginMember()
{
    if (m_failed)
        return false;
    skipWhitespace();
    if (m_data >= m_end)
        return fail();
    if (*m_data == '}') {
        ++m_data;
        --m_depth;
        m_pendingFirst = false;
        return false;
    }
    if (!m_pendingFirst) {
        if (*m_data != ',')
            return fail();
        ++m_data;
        skipWhitespace();
    }
    m_pendingFirst = false;
    return true;
}

bool JsonScanner::nextMember(QString *key)
{
    if (!beginMember() || !readString(key))
        return false;
    skipWhitespace();
    if (m_data >= m_end || *m_data != ':')
        return fail();
    ++m_data;
    return true;
}

bool JsonScanner::nextMember(QByteArrayView *key)
{
    if (!beginMember())
        return false;
    if (m_data >= m_end || *m_data != '"')
        return fail();
    const char *start = ++m_data;
    while (m_data < m_end && *m_data != '"') {
        const auto c = static_cast<unsigned char>(*m_data);
        // Keys with escapes or control characters take the regular path.
        if (c == '\\' || c < 0x20)
            return fail();
        ++m_data;
    }
    if (m_data >= m_end)
        return fail();
    if (!isValidUtf8(reinterpret_cast<const unsigned char *>(start),
                     reinterpret_cast<const unsigned char *>(m_data)))
        return fail();
    *key = QByteArrayView(start, m_data - start);
    ++m_data;
    skipWhitespace();
    if (m_data >= m_end || *m_data != ':')
        return fail();
    ++m_data;
    return true;
}

bool JsonScanner::expectLiteral(const char *literal, int length)
{
    if (m_end - m_data < length || std::memcmp(m_data, literal, size_t(length)) != 0)
        return fail();
    m_data += length;
    return true;
}

bool JsonScanner::takeNull()
{
    skipWhitespace();
    if (m_failed || m_data >= m_end || *m_data != 'n')
        return false;
    return expectLiteral("null", 4);
}

bool JsonScanner::readString(QString *out)
{
    skipWhitespace();
    if (m_failed || m_data >= m_end || *m_data != '"')
        return fail();
    const char *start = ++m_data;
    bool ascii = true;
    bool escaped = false;
    while (m_data < m_end && *m_data != '"') {
        const auto c = static_cast<unsigned char>(*m_data);
        if (c < 0x20)
            return fail();
        if (c == '\\') {
            escaped = true;
            if (++m_data >= m_end)
                return fail();
        } else if (c >= 0x80) {
            ascii = false;
        }
        ++m_data;
    }
    if (m_data >= m_end)
        return fail();
    const char *stop = m_data++;
    if (!escaped) {
        if (ascii) {
            *out = QString::fromLatin1(start, stop - start);
        } else {
            if (!isValidUtf8(reinterpret_cast<const unsigned char *>(start),
                             reinterpret_cast<const unsigned char *>(stop)))
                return fail();
            *out = QString::fromUtf8(start, stop - start);
        }
        return true;
    }
    // With escapes: decode runs of plain bytes as UTF-8 and escapes to UTF-16 units.
    QString result;
    result.reserve(stop - start);
    const char *run = start;
    const auto flushRun = [&](const char *until) {
        if (until == run)
            return true;
        if (!isValidUtf8(reinterpret_cast<const unsigned char *>(run),
                         reinterpret_cast<const unsigned char *>(until)))
            return false;
        result += QString::fromUtf8(run, until - run);
        return true;
    };
    for (const char *p = start; p < stop;) {
        if (*p != '\\') {
            ++p;
            continue;
        }
        if (!flushRun(p))
            return fail();
        const char kind = p[1];
        p += 2;
        switch (kind) {
        case '"':
            result += QLatin1Char('"');
            break;
        case '\\':
            result += QLatin1Char('\\');
            break;
        case '/':
            result += QLatin1Char('/');
            break;
        case 'b':
            result += QLatin1Char('\b');
            break;
        case 'f':
            result += QLatin1Char('\f');
            break;
        case 'n':
            result += QLatin1Char('\n');
            break;
        case 'r':
            result += QLatin1Char('\r');
            break;
        case 't':
            result += QLatin1Char('\t');
            break;
        case 'u': {
            if (stop - p < 4)
                return fail();
            char16_t unit = 0;
            if (!readHex4(p, &unit))
                return fail();
            p += 4;
            // Lone surrogates are left to the regular parser's judgement.
            if (QChar::isHighSurrogate(unit)) {
                if (stop - p < 6 || p[0] != '\\' || p[1] != 'u')
                    return fail();
                char16_t low = 0;
                if (!readHex4(p + 2, &low) || !QChar::isLowSurrogate(low))
                    return fail();
                p += 6;
                result += QChar(unit);
                result += QChar(low);
            } else if (QChar::isLowSurrogate(unit)) {
                return fail();
            } else {
                result += QChar(unit);
            }
            break;
        }
        default:
            return fail();
        }
        run = p;
    }
    if (!flushRun(stop))
        return fail();
    *out = result;
    return true;
}

const char *JsonScanner::scanNumber(bool *integral) const
{
    const char *p = m_data;
    if (p < m_end && *p == '-')
        ++p;
    if (p >= m_end || *p < '0' || *p > '9')
        return nullptr;
    if (*p == '0' && p + 1 < m_end && p[1] >= '0' && p[1] <= '9')
        return nullptr; // leading zero: not JSON
    while (p < m_end && *p >= '0' && *p <= '9')
        ++p;
    *integral = true;
    if (p < m_end && *p == '.') {
        *integral = false;
        ++p;
        if (p >= m_end || *p < '0' || *p > '9')
            return nullptr;
        while (p < m_end && *p >= '0' && *p <= '9')
            ++p;
    }
    if (p < m_end && (*p == 'e' || *p == 'E')) {
        *integral = false;
        ++p;
        if (p < m_end && (*p == '+' || *p == '-'))
            ++p;
        if (p >= m_end || *p < '0' || *p > '9')
            return nullptr;
        while (p < m_end && *p >= '0' && *p <= '9')
            ++p;
    }
    return p;
}

bool JsonScanner::readInt64(qint64 *out)
{
    skipWhitespace();
    if (m_failed || m_data >= m_end)
        return fail();
    bool integral = false;
    const char *stop = scanNumber(&integral);
    // Fractions and exponents ("1.0", "1e3") are judged by the regular path; so are integers
    // beyond 2^53, which Qt's parser keeps as a double.
    if (!stop || !integral || stop - m_data > 16)
        return fail();
    qint64 value = 0;
    const auto [end, error] = std::from_chars(m_data, stop, value);
    if (error != std::errc() || end != stop)
        return fail();
    m_data = stop;
    *out = value;
    return true;
}

bool JsonScanner::skipString()
{
    // Validated like a read, without keeping the text.
    QString ignored;
    return readString(&ignored);
}

bool JsonScanner::skipNumber()
{
    bool integral = false;
    const char *stop = scanNumber(&integral);
    if (!stop)
        return fail();
    // Qt's parser refuses numbers a double cannot hold (1e999); so do we.
    double value = 0;
    const auto [end, error] = std::from_chars(m_data, stop, value);
    if (error != std::errc() || end != stop || !std::isfinite(value))
        return fail();
    m_data = stop;
    return true;
}

bool JsonScanner::skipValue()
{
    skipWhitespace();
    if (m_failed || m_data >= m_end)
        return fail();
    switch (*m_data) {
    case '"':
        return skipString();
    case 't':
        return expectLiteral("true", 4);
    case 'f':
        return expectLiteral("false", 5);
    case 'n':
        return expectLiteral("null", 4);
    case '{': {
        if (!enterObject())
            return false;
        QByteArrayView key;
        while (nextMember(&key))
            if (!skipValue())
                return false;
        return !m_failed;
    }
    case '[': {
        if (++m_depth > kMaxDepth)
            return fail();
        ++m_data;
        skipWhitespace();
        if (m_data < m_end && *m_data == ']') {
            ++m_data;
            --m_depth;
            return true;
        }
        while (true) {
            if (!skipValue())
                return false;
            skipWhitespace();
            if (m_data >= m_end)
                return fail();
            if (*m_data == ']') {
                ++m_data;
                --m_depth;
                return true;
            }
            if (*m_data != ',')
                return fail();
            ++m_data;
        }
    }
    default:
        return skipNumber();
    }
}

bool JsonScanner::atEnd()
{
    skipWhitespace();
    return !m_failed && m_data == m_end;
}

} // namespace drove::protocol
