#include "ui/jsonlinelocator.h"

#include <QList>

namespace drove::ui {

namespace {

struct Frame
{
    bool isArray = false;
    QString path;
    int index = 0;
    QString key;
    bool expectKey = true;
};

QString childPath(const Frame &frame)
{
    if (frame.isArray)
        return frame.path + QLatin1Char('[') + QString::number(frame.index) + QLatin1Char(']');
    return frame.path.isEmpty() ? frame.key : frame.path + QLatin1Char('.') + frame.key;
}

} // namespace

JsonLineLocator::JsonLineLocator(const QString &text)
    : m_text(text)
{
    scan();
}

int JsonLineLocator::lineAtOffset(int offset) const
{
    offset = std::clamp(offset, 0, int(m_text.size()));
    return int(QStringView(m_text).left(offset).count(QLatin1Char('\n'))) + 1;
}

int JsonLineLocator::lineOf(const QString &path) const
{
    QString current = path;
    while (true) {
        const auto it = m_lines.constFind(current);
        if (it != m_lines.constEnd())
            return it.value();
        if (current.isEmpty())
            return 0;
        // Drop the last ".key" or "[n]".
        const int dot = int(current.lastIndexOf(QLatin1Char('.')));
        const int bracket = int(current.lastIndexOf(QLatin1Char('[')));
        current = current.left(std::max(std::max(dot, bracket), 0));
    }
}

void JsonLineLocator::scan()
{
    QList<Frame> stack;
    int line = 1;
    const int size = int(m_text.size());

    // Records the start of a value at the current position in the enclosing container.
    auto valueStarts = [&]() -> QString {
        if (stack.isEmpty()) {
            m_lines.insert(QString(), line);
            return QString();
        }
        const QString path = childPath(stack.last());
        if (!m_lines.contains(path))
            m_lines.insert(path, line);
        return path;
    };

    for (int i = 0; i < size; ++i) {
        const QChar c = m_text.at(i);
        if (c == QLatin1Char('\n')) {
            ++line;
            continue;
        }
        if (c.isSpace() || c == QLatin1Char(':'))
            continue;
        if (c == QLatin1Char('"')) {
            QString value;
            int j = i + 1;
            for (; j < size && m_text.at(j) != QLatin1Char('"'); ++j) {
                if (m_text.at(j) == QLatin1Char('\\') && j + 1 < size)
                    ++j;
                if (m_text.at(j) == QLatin1Char('\n'))
                    ++line;
                value += m_text.at(j);
            }
            if (!stack.isEmpty() && !stack.last().isArray && stack.last().expectKey) {
                stack.last().key = value;
                stack.last().expectKey = false;
            } else {
                valueStarts();
            }
            i = j;
            continue;
        }
        if (c == QLatin1Char('{') || c == QLatin1Char('[')) {
            const QString path = valueStarts();
            Frame frame;
            frame.isArray = c == QLatin1Char('[');
            frame.path = path;
            stack.append(frame);
            continue;
        }
        if (c == QLatin1Char('}') || c == QLatin1Char(']')) {
            if (!stack.isEmpty())
                stack.removeLast();
            continue;
        }
        if (c == QLatin1Char(',')) {
            if (!stack.isEmpty()) {
                if (stack.last().isArray)
                    ++stack.last().index;
                else
                    stack.last().expectKey = true;
            }
            continue;
        }
        // A literal: number, true, false, null (or garbage); it runs to the next delimiter.
        valueStarts();
        while (i + 1 < size) {
            const QChar next = m_text.at(i + 1);
            if (next == QLatin1Char(',') || next == QLatin1Char('}') || next == QLatin1Char(']')
                || next.isSpace())
                break;
            ++i;
        }
    }
}

} // namespace drove::ui
