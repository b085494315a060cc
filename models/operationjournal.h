#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class QIODevice;

namespace drove::models {

/// A local, append-only record of every operation this console sent: when, to which cluster
/// (profile name), for which application, the exact payload, and how it ended. Kept as JSON
/// lines so that a crash loses at most the line being written, and exportable as JSON or CSV.
class OperationJournal : public QObject
{
    Q_OBJECT

public:
    enum class Outcome {
        Pending,  ///< sent, accepted or not yet known
        Rejected, ///< the controller refused it (the detail says why)
        Completed,
        Cancelled,
        TimedOut,
        Failed,
    };
    Q_ENUM(Outcome)

    struct Entry
    {
        QString id;
        QDateTime sentAt; ///< UTC
        QString cluster;
        QString appId;
        QString operation; ///< wire type name ("SCALE")
        QJsonObject payload;
        Outcome outcome = Outcome::Pending;
        QString detail;
        QDateTime finishedAt; ///< UTC; invalid while pending
        /// A run sent from a rehearsal: the rehearsal's entry it repeats ("" otherwise).
        QString rehearsalId;
        /// A rehearsal's entry: the real run sent from it ("" until then).
        QString runId;
    };

    /// `filePath` empty → defaultFilePath(). The file is read by load(), not here.
    explicit OperationJournal(const QString &filePath = QString(), QObject *parent = nullptr);

    /// <AppDataLocation>/operations-journal.jsonl
    static QString defaultFilePath();
    QString filePath() const { return m_filePath; }

    /// Reads the journal file (a missing file is an empty journal). Lines that cannot be read
    /// are skipped and counted; returns false only when the file exists but cannot be opened.
    bool load(QString *errorMessage = nullptr);
    int skippedLines() const { return m_skippedLines; }

    /// Appends a sent operation; returns its id. The entry is kept in memory even when the file
    /// cannot be written (writeFailed is emitted).
    QString record(const QString &cluster, const QString &appId, const QString &operation,
                   const QJsonObject &payload,
                   const QDateTime &sentAt = QDateTime::currentDateTimeUtc());
    /// Sets how an entry ended. Returns false for an unknown id.
    bool setOutcome(const QString &id, Outcome outcome, const QString &detail = QString(),
                    const QDateTime &at = QDateTime::currentDateTimeUtc());

    /// Links the real run `runId` to the rehearsal entry it repeats (both entries say so; kept
    /// in the file). False when either id is unknown.
    bool linkRehearsal(const QString &runId, const QString &rehearsalId);

    QList<Entry> entries() const { return m_entries; }
    std::optional<Entry> entry(const QString &id) const;

    /// A JSON array of entries (payload embedded as an object), oldest first.
    QByteArray toJson() const;
    /// RFC 4180 CSV with a header row; fields with commas, quotes or line breaks are quoted.
    QByteArray toCsv() const;
    bool exportJson(const QString &path, QString *errorMessage = nullptr) const;
    bool exportCsv(const QString &path, QString *errorMessage = nullptr) const;

    /// "pending", "rejected", "completed", "cancelled", "timed-out", "failed"
    static QString outcomeName(Outcome outcome);
    static std::optional<Outcome> outcomeFromName(const QString &name);

Q_SIGNALS:
    void entryAdded(const QString &id);
    void entryChanged(const QString &id);
    /// The journal file could not be written; the entry is still in memory.
    void writeFailed(const QString &message);

private:
    bool appendLine(const QJsonObject &line);
    int indexOf(const QString &id) const;

    QString m_filePath;
    QList<Entry> m_entries;
    int m_skippedLines = 0;
};

} // namespace drove::models
