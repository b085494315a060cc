#pragma once

#include <QHash>
#include <QString>

namespace drove::ui {

/// Finds where values sit in a JSON text, so that an error naming a field ("exposedPorts[0].port")
/// can point at its line. Tolerant: on malformed input it records what it read before the fault.
class JsonLineLocator
{
public:
    explicit JsonLineLocator(const QString &text);

    /// 1-based line of the value at `path` ("" is the document, "a.b[2].c" a nested value), or of
    /// its nearest recorded ancestor; 0 when nothing matches.
    int lineOf(const QString &path) const;
    /// Whether `path` itself was seen.
    bool contains(const QString &path) const { return m_lines.contains(path); }
    /// 1-based line of a character offset into the text.
    int lineAtOffset(int offset) const;

private:
    void scan();

    QString m_text;
    QHash<QString, int> m_lines;
};

} // namespace drove::ui
