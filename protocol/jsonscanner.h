#pragma once

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace drove::protocol {

/// A strict, allocation-light pull parser over UTF-8 JSON bytes (RFC 8259), for the few large
/// responses whose decode cost matters (GET /applications of a big cluster). It reads values in
/// place instead of building a QJsonDocument first.
///
/// It is deliberately a *fast path*: anything it is not sure about (a malformed document, a
/// number with a fraction or exponent, a key with an escape, invalid UTF-8, nesting deeper than
/// the limit) makes it fail, and the caller then decodes the same bytes through QJsonDocument
/// and JsonReader, which produce the exact error a user sees. So it must never accept what the
/// regular path rejects; tst_fastdecode checks that on mutated documents.
class JsonScanner
{
public:
    explicit JsonScanner(QByteArrayView bytes)
        : m_data(bytes.data())
        , m_end(bytes.data() + bytes.size())
    { }

    bool failed() const { return m_failed; }

    /// Consumes '{'.
    bool enterObject();
    /// Within an object: the next member's key (raw, must be escape-free ASCII/UTF-8) and the
    /// ':' after it; false at the closing '}' (consumed) or on failure (check failed()).
    bool nextMember(QByteArrayView *key);
    /// Same, for keys that are data (tag names): escapes allowed and decoded.
    bool nextMember(QString *key);
    /// The next value is JSON null (consumed when it is).
    bool takeNull();
    /// A string value (escapes decoded, UTF-8 validated).
    bool readString(QString *out);
    /// An integer value (no fraction, no exponent) within qint64.
    bool readInt64(qint64 *out);
    /// Skips any value (bounded depth).
    bool skipValue();
    /// Only whitespace remains.
    bool atEnd();

private:
    void skipWhitespace();
    bool fail()
    {
        m_failed = true;
        return false;
    }
    bool expectLiteral(const char *literal, int length);
    /// The separator before a member: false at '}' (consumed) or on failure.
    bool beginMember();
    bool skipString();
    bool skipNumber();
    /// The end of the JSON number at the cursor (nullptr when it is not one); `integral` says
    /// it has neither fraction nor exponent. Moves nothing.
    const char *scanNumber(bool *integral) const;

    const char *m_data;
    const char *m_end;
    int m_depth = 0;
    bool m_pendingFirst = false; ///< just entered an object: no ',' before the first member
    bool m_failed = false;
};

} // namespace drove::protocol
