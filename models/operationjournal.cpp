#include "models/operationjournal.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>

namespace drove::models {

namespace {

QJsonValue timeToJson(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toMSecsSinceEpoch()) : QJsonValue();
}

QDateTime timeFromJson(const QJsonValue &value)
{
    if (!value.isDouble())
        return {};
    return QDateTime::fromMSecsSinceEpoch(qint64(value.toDouble()), Qt::UTC);
}

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QByteArray csvField(const QString &text)
{
    const bool needsQuotes = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"'))
        || text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'))
        || text.startsWith(QLatin1Char(' ')) || text.endsWith(QLatin1Char(' '));
    if (!needsQuotes)
        return text.toUtf8();
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return '"' + quoted.toUtf8() + '"';
}

bool writeFile(const QString &path, const QByteArray &data, QString *errorMessage)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        if (errorMessage)
            *errorMessage = QObject::tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

OperationJournal::OperationJournal(const QString &filePath, QObject *parent)
    : QObject(parent)
    , m_filePath(filePath.isEmpty() ? defaultFilePath() : filePath)
{ }

QString OperationJournal::defaultFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QLatin1String("/operations-journal.jsonl");
}

QString OperationJournal::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Pending:
        return QStringLiteral("pending");
    case Outcome::Rejected:
        return QStringLiteral("rejected");
    case Outcome::Completed:
        return QStringLiteral("completed");
    case Outcome::Cancelled:
        return QStringLiteral("cancelled");
    case Outcome::TimedOut:
        return QStringLiteral("timed-out");
    case Outcome::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("pending");
}

std::optional<OperationJournal::Outcome> OperationJournal::outcomeFromName(const QString &name)
{
    for (Outcome o : {Outcome::Pending, Outcome::Rejected, Outcome::Completed, Outcome::Cancelled,
                      Outcome::TimedOut, Outcome::Failed}) {
        if (outcomeName(o) == name)
            return o;
    }
    return std::nullopt;
}

bool OperationJournal::load(QString *errorMessage)
{
    m_entries.clear();
    m_skippedLines = 0;
    QFile file(m_filePath);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        if (errorMessage)
            *errorMessage = tr("Could not read the operations journal %1: %2")
                                .arg(m_filePath, file.errorString());
        return false;
    }
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        const QJsonObject object = doc.object();
        const QString kind = object.value(QLatin1String("kind")).toString();
        const QString id = object.value(QLatin1String("id")).toString();
        if (parseError.error != QJsonParseError::NoError || !doc.isObject() || id.isEmpty()) {
            ++m_skippedLines;
            continue;
        }
        if (kind == QLatin1String("sent")) {
            Entry entry;
            entry.id = id;
            entry.sentAt = timeFromJson(object.value(QLatin1String("sentAt")));
            entry.cluster = object.value(QLatin1String("cluster")).toString();
            entry.appId = object.value(QLatin1String("appId")).toString();
            entry.operation = object.value(QLatin1String("operation")).toString();
            entry.payload = object.value(QLatin1String("payload")).toObject();
            const int existing = indexOf(id);
            if (existing >= 0)
                m_entries[existing] = entry;
            else
                m_entries.append(entry);
        } else if (kind == QLatin1String("outcome")) {
            const int at = indexOf(id);
            const auto outcome = outcomeFromName(object.value(QLatin1String("outcome")).toString());
            if (at < 0 || !outcome) {
                ++m_skippedLines;
                continue;
            }
            m_entries[at].outcome = *outcome;
            m_entries[at].detail = object.value(QLatin1String("detail")).toString();
            m_entries[at].finishedAt = timeFromJson(object.value(QLatin1String("at")));
        } else if (kind == QLatin1String("link")) {
            const QString rehearsal = object.value(QLatin1String("rehearsal")).toString();
            const int at = indexOf(id);
            const int rehearsed = indexOf(rehearsal);
            if (at < 0 || rehearsed < 0) {
                ++m_skippedLines;
                continue;
            }
            m_entries[at].rehearsalId = rehearsal;
            m_entries[rehearsed].runId = id;
        } else {
            ++m_skippedLines;
        }
    }
    return true;
}

QString OperationJournal::record(const QString &cluster, const QString &appId,
                                 const QString &operation, const QJsonObject &payload,
                                 const QDateTime &sentAt)
{
    Entry entry;
    entry.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    entry.sentAt = sentAt.toUTC();
    entry.cluster = cluster;
    entry.appId = appId;
    entry.operation = operation;
    entry.payload = payload;
    m_entries.append(entry);
    appendLine(QJsonObject {{QStringLiteral("kind"), QStringLiteral("sent")},
                            {QStringLiteral("id"), entry.id},
                            {QStringLiteral("sentAt"), timeToJson(entry.sentAt)},
                            {QStringLiteral("cluster"), cluster},
                            {QStringLiteral("appId"), appId},
                            {QStringLiteral("operation"), operation},
                            {QStringLiteral("payload"), payload}});
    Q_EMIT entryAdded(entry.id);
    return entry.id;
}

bool OperationJournal::setOutcome(const QString &id, Outcome outcome, const QString &detail,
                                  const QDateTime &at)
{
    const int index = indexOf(id);
    if (index < 0)
        return false;
    Entry &entry = m_entries[index];
    entry.outcome = outcome;
    entry.detail = detail;
    entry.finishedAt = outcome == Outcome::Pending ? QDateTime() : at.toUTC();
    appendLine(QJsonObject {{QStringLiteral("kind"), QStringLiteral("outcome")},
                            {QStringLiteral("id"), id},
                            {QStringLiteral("outcome"), outcomeName(outcome)},
                            {QStringLiteral("detail"), detail},
                            {QStringLiteral("at"), timeToJson(entry.finishedAt)}});
    Q_EMIT entryChanged(id);
    return true;
}

bool OperationJournal::linkRehearsal(const QString &runId, const QString &rehearsalId)
{
    const int run = indexOf(runId);
    const int rehearsal = indexOf(rehearsalId);
    if (run < 0 || rehearsal < 0)
        return false;
    m_entries[run].rehearsalId = rehearsalId;
    m_entries[rehearsal].runId = runId;
    appendLine(QJsonObject {{QStringLiteral("kind"), QStringLiteral("link")},
                            {QStringLiteral("id"), runId},
                            {QStringLiteral("rehearsal"), rehearsalId}});
    Q_EMIT entryChanged(runId);
    Q_EMIT entryChanged(rehearsalId);
    return true;
}

std::optional<OperationJournal::Entry> OperationJournal::entry(const QString &id) const
{
    const int index = indexOf(id);
    if (index < 0)
        return std::nullopt;
    return m_entries.at(index);
}

QByteArray OperationJournal::toJson() const
{
    QJsonArray array;
    for (const Entry &entry : m_entries) {
        QJsonObject object {{QStringLiteral("id"), entry.id},
                            {QStringLiteral("sentAt"), isoTime(entry.sentAt)},
                            {QStringLiteral("cluster"), entry.cluster},
                            {QStringLiteral("appId"), entry.appId},
                            {QStringLiteral("operation"), entry.operation},
                            {QStringLiteral("payload"), entry.payload},
                            {QStringLiteral("outcome"), outcomeName(entry.outcome)},
                            {QStringLiteral("detail"), entry.detail},
                            {QStringLiteral("finishedAt"), isoTime(entry.finishedAt)}};
        if (!entry.rehearsalId.isEmpty())
            object.insert(QStringLiteral("rehearsalId"), entry.rehearsalId);
        if (!entry.runId.isEmpty())
            object.insert(QStringLiteral("runId"), entry.runId);
        array.append(object);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

QByteArray OperationJournal::toCsv() const
{
    QByteArray out = "sentAt,cluster,appId,operation,outcome,detail,finishedAt,payload\r\n";
    for (const Entry &entry : m_entries) {
        const QStringList fields {
            isoTime(entry.sentAt),
            entry.cluster,
            entry.appId,
            entry.operation,
            outcomeName(entry.outcome),
            entry.detail,
            isoTime(entry.finishedAt),
            QString::fromUtf8(QJsonDocument(entry.payload).toJson(QJsonDocument::Compact))};
        for (int i = 0; i < fields.size(); ++i) {
            if (i > 0)
                out += ',';
            out += csvField(fields.at(i));
        }
        out += "\r\n";
    }
    return out;
}

bool OperationJournal::exportJson(const QString &path, QString *errorMessage) const
{
    return writeFile(path, toJson(), errorMessage);
}

bool OperationJournal::exportCsv(const QString &path, QString *errorMessage) const
{
    return writeFile(path, toCsv(), errorMessage);
}

bool OperationJournal::appendLine(const QJsonObject &line)
{
    QDir().mkpath(QFileInfo(m_filePath).absolutePath());
    QFile file(m_filePath);
    const QByteArray data = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append) || file.write(data) != data.size()) {
        Q_EMIT writeFailed(tr("Could not write the operations journal %1: %2")
                               .arg(m_filePath, file.errorString()));
        return false;
    }
    return true;
}

int OperationJournal::indexOf(const QString &id) const
{
    for (int i = m_entries.size() - 1; i >= 0; --i) {
        if (m_entries.at(i).id == id)
            return i;
    }
    return -1;
}

} // namespace drove::models
