#include "protocol/parseerror.h"

#include <QJsonParseError>

namespace drove::protocol {

QString ParseError::toString() const
{
    if (field.isEmpty())
        return message;
    return field + QLatin1String(": ") + message;
}

bool ParseError::operator==(const ParseError &other) const
{
    return kind == other.kind && field == other.field && message == other.message;
}

std::optional<QJsonDocument> parseDocument(const QByteArray &bytes, ParseError *error)
{
    const auto fail = [error](const QString &message) -> std::optional<QJsonDocument> {
        if (error)
            *error = ParseError {ParseError::Kind::Json, QString(), message};
        return std::nullopt;
    };
    if (bytes.trimmed().isEmpty())
        return fail(QStringLiteral("No content to map due to end-of-input (empty body)"));

    QJsonParseError parseError;
    QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const QString where = QStringLiteral(" at offset %1").arg(parseError.offset);
        switch (parseError.error) {
        case QJsonParseError::IllegalUTF8String:
            return fail(QStringLiteral("Invalid UTF-8 byte sequence in JSON text") + where);
        case QJsonParseError::DeepNesting:
            return fail(QStringLiteral("JSON nesting too deep") + where);
        case QJsonParseError::IllegalNumber:
            // Qt rejects literals that overflow a double; Jackson would say "out of range".
            return fail(QStringLiteral("Malformed JSON: number out of range or illegal") + where);
        case QJsonParseError::DocumentTooLarge:
            return fail(QStringLiteral("JSON document too large"));
        default:
            return fail(QStringLiteral("Malformed JSON: ") + parseError.errorString() + where);
        }
    }
    if (document.isNull())
        return fail(QStringLiteral("Malformed JSON: not an object or array"));
    return document;
}

} // namespace drove::protocol
