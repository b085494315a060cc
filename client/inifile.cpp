#include "client/inifile.h"

#include <QRegularExpression>
#include <QSet>

#include <limits>

namespace drove::client {

namespace {

constexpr int kMaxInterpolationDepth = 10; // configparser's MAX_INTERPOLATION_DEPTH

int indentOf(const QString &line)
{
    int i = 0;
    while (i < line.size() && line.at(i).isSpace())
        ++i;
    return i;
}

} // namespace

std::optional<IniFile> IniFile::parse(const QString &input, QString *error,
                                      const QString &implicitSection)
{
    static const QRegularExpression sectionRe(QStringLiteral("^\\[(?<header>.+)\\]"));
    static const QRegularExpression optionRe(
        QStringLiteral("^(?<option>.*?)\\s*(?<delimiter>[=:])\\s*(?<value>.*)$"));

    const auto fail = [error](int lineNumber, const QString &why) {
        if (error)
            *error = tr("line %1: %2").arg(lineNumber).arg(why);
        return std::nullopt;
    };

    QString text = input;
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    const QStringList lines = text.split(QLatin1Char('\n'));

    IniFile ini;
    Section *current = nullptr;
    QString currentName;
    QString currentKey;       // key whose value may continue on indented lines
    QStringList currentValue; // its lines so far
    int valueIndent = 0;

    const auto flush = [&]() {
        if (current && !currentKey.isEmpty()) {
            // configparser joins continuation lines with '\n' and drops trailing blank ones.
            QString joined = currentValue.join(QLatin1Char('\n'));
            while (joined.endsWith(QLatin1Char('\n')))
                joined.chop(1);
            current->insert(currentKey, joined);
        }
        currentKey.clear();
        currentValue.clear();
    };

    const auto openSection = [&](const QString &name, int lineNumber) -> bool {
        flush();
        if (name == QLatin1String(kDefaultSection)) {
            current = &ini.m_defaults;
        } else {
            if (ini.m_sections.contains(name)) {
                fail(lineNumber, tr("section \"%1\" appears twice").arg(name));
                return false;
            }
            ini.m_order.append(name);
            current = &ini.m_sections[name];
        }
        currentName = name;
        return true;
    };

    QMap<QString, QSet<QString>> seenKeys;
    for (int index = 0; index < lines.size(); ++index) {
        const int lineNumber = index + 1;
        QString line = lines.at(index);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        const QString stripped = line.trimmed();
        const bool isComment
            = stripped.startsWith(QLatin1Char('#')) || stripped.startsWith(QLatin1Char(';'));
        if (stripped.isEmpty() || isComment) {
            // Blank lines may sit inside a multi-line value; a comment line ends continuation
            // (the next indented line starts a new key), as in configparser.
            if (stripped.isEmpty() && !currentKey.isEmpty())
                currentValue.append(QString());
            else
                valueIndent = std::numeric_limits<int>::max();
            continue;
        }
        const int indent = indentOf(line);
        if (current && !currentKey.isEmpty() && indent > valueIndent) {
            currentValue.append(stripped);
            continue;
        }
        valueIndent = indent;

        const QRegularExpressionMatch sectionMatch = sectionRe.match(stripped);
        if (sectionMatch.hasMatch()) {
            if (!openSection(sectionMatch.captured(QStringLiteral("header")), lineNumber))
                return std::nullopt;
            continue;
        }
        if (!current) {
            if (implicitSection.isEmpty())
                return fail(lineNumber, tr("a value comes before any [section] header"));
            if (!openSection(implicitSection, lineNumber))
                return std::nullopt;
        }
        const QRegularExpressionMatch optionMatch = optionRe.match(stripped);
        if (!optionMatch.hasMatch())
            return fail(lineNumber,
                        tr("\"%1\" is neither a [section] nor a key = value line").arg(stripped));
        const QString key = optionMatch.captured(QStringLiteral("option")).trimmed().toLower();
        if (key.isEmpty())
            return fail(lineNumber, tr("a value without a key"));
        flush();
        QSet<QString> &seen = seenKeys[currentName];
        if (seen.contains(key))
            return fail(lineNumber, tr("key \"%1\" appears twice in [%2]").arg(key, currentName));
        seen.insert(key);
        currentKey = key;
        currentValue = {optionMatch.captured(QStringLiteral("value")).trimmed()};
    }
    flush();
    return ini;
}

bool IniFile::hasSection(const QString &section) const
{
    return m_sections.contains(section);
}

QStringList IniFile::keys(const QString &section) const
{
    QStringList result = m_defaults.keys();
    const auto it = m_sections.constFind(section);
    if (it != m_sections.constEnd()) {
        for (auto key = it->keyBegin(); key != it->keyEnd(); ++key) {
            if (!m_defaults.contains(*key))
                result.append(*key);
        }
    }
    return result;
}

bool IniFile::contains(const QString &section, const QString &key) const
{
    return rawValue(section, key).has_value();
}

std::optional<QString> IniFile::rawValue(const QString &section, const QString &key) const
{
    const QString lower = key.toLower();
    const auto it = m_sections.constFind(section);
    if (it != m_sections.constEnd()) {
        const auto valueIt = it->constFind(lower);
        if (valueIt != it->constEnd())
            return *valueIt;
    }
    const auto defaultIt = m_defaults.constFind(lower);
    if (defaultIt != m_defaults.constEnd())
        return *defaultIt;
    return std::nullopt;
}

std::optional<QString> IniFile::value(const QString &section, const QString &key,
                                      QString *error) const
{
    const std::optional<QString> raw = rawValue(section, key);
    if (!raw)
        return std::nullopt;
    Budget budget;
    return interpolate(section, *raw, 1, &budget, error);
}

std::optional<QString> IniFile::interpolate(const QString &section, const QString &raw, int depth,
                                            Budget *budget, QString *error) const
{
    if (depth > kMaxInterpolationDepth) {
        if (error)
            *error = tr("value references nest too deeply (a loop?)");
        return std::nullopt;
    }
    QString out;
    out.reserve(raw.size());
    for (int i = 0; i < raw.size(); ++i) {
        const QChar c = raw.at(i);
        if (c != QLatin1Char('%')) {
            out += c;
            continue;
        }
        const QChar next = i + 1 < raw.size() ? raw.at(i + 1) : QChar();
        if (next == QLatin1Char('%')) {
            out += QLatin1Char('%');
            ++i;
            continue;
        }
        if (next == QLatin1Char('(')) {
            const int close = raw.indexOf(QLatin1Char(')'), i + 2);
            if (close < 0 || close + 1 >= raw.size() || raw.at(close + 1) != QLatin1Char('s')) {
                if (error)
                    *error = tr("bad reference in \"%1\" (write %% for a literal %)").arg(raw);
                return std::nullopt;
            }
            if (--budget->references < 0) {
                if (error)
                    *error = tr("value references expand too far (more than %1 references)")
                                 .arg(kMaxReferences);
                return std::nullopt;
            }
            const QString name = raw.mid(i + 2, close - i - 2).toLower();
            const std::optional<QString> referenced = rawValue(section, name);
            if (!referenced) {
                if (error)
                    *error = tr("\"%1\" refers to the missing key \"%2\"").arg(raw, name);
                return std::nullopt;
            }
            const std::optional<QString> expanded
                = interpolate(section, *referenced, depth + 1, budget, error);
            if (!expanded)
                return std::nullopt;
            budget->characters -= expanded->size();
            if (budget->characters < 0) {
                if (error)
                    *error = tr("value references expand too far (more than %1 characters)")
                                 .arg(kMaxExpansion);
                return std::nullopt;
            }
            out += *expanded;
            i = close + 1;
            continue;
        }
        if (error)
            *error = tr("a lone %% in \"%1\" (write %% for a literal %)").arg(raw);
        return std::nullopt;
    }
    return out;
}

std::optional<bool> IniFile::toBool(const QString &text)
{
    const QString lower = text.trimmed().toLower();
    if (lower == QLatin1String("1") || lower == QLatin1String("yes")
        || lower == QLatin1String("true") || lower == QLatin1String("on"))
        return true;
    if (lower == QLatin1String("0") || lower == QLatin1String("no")
        || lower == QLatin1String("false") || lower == QLatin1String("off"))
        return false;
    return std::nullopt;
}

} // namespace drove::client
