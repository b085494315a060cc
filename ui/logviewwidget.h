#pragma once

#include "models/clustersession.h"
#include <QPointer>
#include <QStringList>
#include <QWidget>

#include <functional>

class QComboBox;
class QFile;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace drove::client {
struct ApiError;
} // namespace drove::client

namespace drove::ui {

/// The Logs tab of an application: pick an instance and one of its log files, follow it live
/// (polling readInstanceLog from the last offset while visible and not paused), search it and
/// download the whole file. Errors go to a status label and never clear the text already shown.
class LogViewWidget : public QWidget
{
    Q_OBJECT

public:
    /// Lines kept in the view; older ones scroll away so a long tail stays cheap.
    static constexpr int MaxLines = 20000;

    explicit LogViewWidget(models::ClusterSession *session = nullptr, QWidget *parent = nullptr);
    ~LogViewWidget() override;

    /// The cluster the logs are read from (not owned); another one clears the view.
    void setSession(models::ClusterSession *session);

    /// The application whose instances are offered; another app stops the tail and clears.
    void setApplication(const QString &appId);
    QString applicationId() const { return m_appId; }
    /// Instances offered in the picker. When the followed one disappears the tail stops.
    void setInstances(const QStringList &instanceIds);
    QStringList instances() const { return m_instances; }
    /// Follows `instanceId` (must be one of instances()); false when it is not offered.
    bool showInstance(const QString &instanceId);
    QString currentInstanceId() const;
    QString currentFile() const;

    /// Pauses/resumes the live tail (same as the pause button).
    void setPaused(bool paused);
    bool isPaused() const;
    /// True while the tail timer runs (visible, not paused, a file is followed).
    bool isFollowing() const;
    /// Poll period of the live tail in milliseconds (default 1000).
    void setPollInterval(int ms);

    /// Replaces the save dialog of Download: (title, suggested file name, filter) → path, ""
    /// to cancel. For tests and automation; the default is QFileDialog::getSaveFileName.
    void setSavePathProvider(
        std::function<QString(const QString &, const QString &, const QString &)> provider)
    {
        m_savePathProvider = std::move(provider);
    }
    /// Downloads the followed file (as the Download button does).
    void downloadCurrentFile() { download(); }

    /// Finds the next match of `text` after the cursor (wrapping), selects it and highlights all
    /// matches. Returns false when there is none.
    bool findNext(const QString &text);

signals:
    /// New text was appended to the view.
    void textAppended();
    /// A download ended: `ok`, and the path written (removed again when it failed).
    void downloadFinished(bool ok, const QString &path);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void onInstanceChosen();
    void onFileChosen();
    void stopTail();
    void updateTimer();
    void poll();
    void appendText(const QString &text);
    void highlightMatches(const QString &text);
    void download();
    void showError(const QString &what, const client::ApiError &error);
    void setStatus(const QString &text);

    QPointer<models::ClusterSession> m_session;
    QString m_appId;
    QStringList m_instances;
    QComboBox *m_instanceCombo = nullptr;
    QComboBox *m_fileCombo = nullptr;
    QPlainTextEdit *m_textView = nullptr;
    QPushButton *m_pauseButton = nullptr;
    QPushButton *m_downloadButton = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QLabel *m_statusLabel = nullptr;
    QTimer *m_timer = nullptr;
    QPointer<QFile> m_downloadFile;
    std::function<QString(const QString &, const QString &, const QString &)> m_savePathProvider;

    /// Bumped whenever what is followed changes, so late answers for the old file are dropped.
    quint64 m_generation = 0;
    /// Next byte to read; -1 until the tail position is known.
    qint64 m_offset = -1;
    bool m_requestInFlight = false;
    /// The first chunk of a tail may start mid-line; that partial line is dropped.
    bool m_dropPartialLine = false;
    bool m_updatingCombo = false;
};

} // namespace drove::ui
