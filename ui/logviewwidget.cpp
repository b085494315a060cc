#include "ui/logviewwidget.h"

#include "models/clustersession.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace drove::ui {

namespace {

/// How much of an existing file is shown when a tail starts (the rest is in the download).
constexpr qint64 InitialTailBytes = 64 * 1024;
/// Largest read per request; a full chunk means more is waiting and is read at once.
constexpr qint64 ChunkBytes = 256 * 1024;
/// Matches highlighted at once; beyond that the view would crawl for no benefit.
constexpr int MaxHighlights = 2000;

} // namespace

LogViewWidget::LogViewWidget(models::ClusterSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("logViewWidget"));

    m_instanceCombo = new QComboBox(this);
    m_instanceCombo->setObjectName(QStringLiteral("logInstanceCombo"));
    // Not sized to its items: measuring every item took 12-19 ms of the GUI thread for a
    // 2,000-instance application, and grows with it. The closed combo may cut a long id (its
    // tooltip has it whole); its list is as wide as the ids (setInstances()).
    m_instanceCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_instanceCombo->setMinimumContentsLength(16);
    m_instanceCombo->setPlaceholderText(tr("No instance"));
    m_fileCombo = new QComboBox(this);
    m_fileCombo->setObjectName(QStringLiteral("logFileCombo"));
    m_fileCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_fileCombo->setPlaceholderText(tr("No file"));

    m_pauseButton = new QPushButton(tr("&Pause"), this);
    m_pauseButton->setObjectName(QStringLiteral("pauseButton"));
    m_pauseButton->setCheckable(true);
    m_pauseButton->setToolTip(tr("Stop following the log; the text stays for reading"));
    m_downloadButton = new QPushButton(tr("&Download…"), this);
    m_downloadButton->setObjectName(QStringLiteral("downloadButton"));
    m_downloadButton->setToolTip(tr("Save the whole log file"));
    m_downloadButton->setEnabled(false);

    m_searchEdit = new QLineEdit(this);
    m_searchEdit->setObjectName(QStringLiteral("logSearchLineEdit"));
    m_searchEdit->setPlaceholderText(tr("Find in log (Enter / F3 for next)"));
    m_searchEdit->setClearButtonEnabled(true);

    auto *top = new QHBoxLayout;
    auto *instanceLabel = new QLabel(tr("&Instance:"), this);
    instanceLabel->setBuddy(m_instanceCombo);
    auto *fileLabel = new QLabel(tr("&File:"), this);
    fileLabel->setBuddy(m_fileCombo);
    top->addWidget(instanceLabel);
    top->addWidget(m_instanceCombo);
    top->addWidget(fileLabel);
    top->addWidget(m_fileCombo);
    top->addWidget(m_searchEdit, 1);
    top->addWidget(m_pauseButton);
    top->addWidget(m_downloadButton);

    m_textView = new QPlainTextEdit(this);
    m_textView->setObjectName(QStringLiteral("logTextView"));
    m_textView->setReadOnly(true);
    m_textView->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_textView->setMaximumBlockCount(MaxLines);
    m_textView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_textView->setUndoRedoEnabled(false);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("logStatusLabel"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_textView, 1);
    layout->addWidget(m_statusLabel);

    m_timer = new QTimer(this);
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &LogViewWidget::poll);

    connect(m_instanceCombo, &QComboBox::currentIndexChanged, this, [this] {
        // The closed combo may cut a long id: the whole id on hover.
        m_instanceCombo->setToolTip(m_instanceCombo->currentText());
        if (!m_updatingCombo)
            onInstanceChosen();
    });
    connect(m_fileCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_updatingCombo)
            onFileChosen();
    });
    connect(m_pauseButton, &QPushButton::toggled, this, [this](bool paused) {
        m_pauseButton->setText(paused ? tr("&Resume") : tr("&Pause"));
        updateTimer();
    });
    connect(m_downloadButton, &QPushButton::clicked, this, &LogViewWidget::download);
    connect(m_searchEdit, &QLineEdit::returnPressed, this,
            [this] { findNext(m_searchEdit->text()); });
    connect(m_searchEdit, &QLineEdit::textChanged, this, &LogViewWidget::highlightMatches);
    auto *findNextShortcut = new QShortcut(QKeySequence::FindNext, this);
    findNextShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(findNextShortcut, &QShortcut::activated, this,
            [this] { findNext(m_searchEdit->text()); });
    auto *findShortcut = new QShortcut(QKeySequence::Find, this);
    findShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(findShortcut, &QShortcut::activated, this, [this] {
        m_searchEdit->setFocus();
        m_searchEdit->selectAll();
    });
}

LogViewWidget::~LogViewWidget() = default;

void LogViewWidget::setSession(models::ClusterSession *session)
{
    if (session == m_session)
        return;
    setApplication(QString());
    ++m_generation; // answers from the previous cluster are dropped
    m_requestInFlight = false;
    m_session = session;
}

void LogViewWidget::setApplication(const QString &appId)
{
    if (appId == m_appId)
        return;
    m_appId = appId;
    stopTail();
    m_updatingCombo = true;
    m_instances.clear();
    m_instanceCombo->clear();
    m_fileCombo->clear();
    m_updatingCombo = false;
    m_textView->clear();
    setStatus(QString());
    m_downloadButton->setEnabled(false);
}

void LogViewWidget::setInstances(const QStringList &instanceIds)
{
    QStringList sorted = instanceIds;
    sorted.sort();
    if (sorted == m_instances)
        return;
    const QString current = currentInstanceId();
    m_instances = sorted;
    m_updatingCombo = true;
    m_instanceCombo->clear();
    m_instanceCombo->addItems(m_instances);
    // Ids are of one shape ("AI-" and a UUID): the first few say how wide the list must be.
    const QFontMetrics metrics = m_instanceCombo->view()->fontMetrics();
    int widest = 0;
    for (qsizetype i = 0; i < std::min<qsizetype>(m_instances.size(), 64); ++i)
        widest = std::max(widest, metrics.horizontalAdvance(m_instances.at(i)));
    m_instanceCombo->view()->setMinimumWidth(widest + 4 * metrics.averageCharWidth());
    m_instanceCombo->setCurrentIndex(current.isEmpty() ? -1 : int(m_instances.indexOf(current)));
    m_updatingCombo = false;
    if (!current.isEmpty() && !m_instances.contains(current)) {
        // The text stays for reading; there is just nothing left to follow.
        stopTail();
        m_updatingCombo = true;
        m_fileCombo->clear();
        m_updatingCombo = false;
        m_downloadButton->setEnabled(false);
        setStatus(tr("Instance %1 is gone; its log is no longer followed.").arg(current));
        return;
    }
    if (current.isEmpty() && !m_instances.isEmpty())
        m_instanceCombo->setCurrentIndex(0);
}

bool LogViewWidget::showInstance(const QString &instanceId)
{
    const int index = m_instanceCombo->findText(instanceId);
    if (index < 0)
        return false;
    m_instanceCombo->setCurrentIndex(index);
    return true;
}

QString LogViewWidget::currentInstanceId() const
{
    return m_instanceCombo->currentIndex() < 0 ? QString() : m_instanceCombo->currentText();
}

QString LogViewWidget::currentFile() const
{
    return m_fileCombo->currentIndex() < 0 ? QString() : m_fileCombo->currentText();
}

void LogViewWidget::setPaused(bool paused)
{
    m_pauseButton->setChecked(paused);
}

bool LogViewWidget::isPaused() const
{
    return m_pauseButton->isChecked();
}

bool LogViewWidget::isFollowing() const
{
    return m_timer->isActive();
}

void LogViewWidget::setPollInterval(int ms)
{
    m_timer->setInterval(qMax(10, ms));
}

void LogViewWidget::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    updateTimer();
}

void LogViewWidget::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    updateTimer();
}

void LogViewWidget::onInstanceChosen()
{
    stopTail();
    m_updatingCombo = true;
    m_fileCombo->clear();
    m_updatingCombo = false;
    m_textView->clear();
    setStatus(QString());
    m_downloadButton->setEnabled(false);
    const QString instanceId = currentInstanceId();
    if (!m_session || instanceId.isEmpty() || m_appId.isEmpty())
        return;
    const quint64 generation = m_generation;
    m_session->instanceLogFiles(
        m_appId, instanceId, this, [this, generation](const client::Result<QStringList> &result) {
            if (generation != m_generation)
                return;
            if (!result) {
                showError(tr("Could not list the log files"), result.error());
                return;
            }
            if (result.value().isEmpty()) {
                setStatus(tr("This instance has no log files."));
                return;
            }
            m_updatingCombo = true;
            m_fileCombo->addItems(result.value());
            const int preferred = m_fileCombo->findText(QStringLiteral("output.log"));
            m_fileCombo->setCurrentIndex(qMax(0, preferred));
            m_updatingCombo = false;
            onFileChosen();
        });
}

void LogViewWidget::onFileChosen()
{
    stopTail();
    m_textView->clear();
    setStatus(QString());
    m_downloadButton->setEnabled(!currentFile().isEmpty());
    updateTimer();
}

void LogViewWidget::stopTail()
{
    // Answers still on the way belong to what was followed before.
    ++m_generation;
    m_offset = -1;
    m_requestInFlight = false;
    m_dropPartialLine = false;
    m_timer->stop();
}

void LogViewWidget::updateTimer()
{
    const bool follow = isVisible() && !isPaused() && m_session && !m_appId.isEmpty()
        && !currentInstanceId().isEmpty() && !currentFile().isEmpty();
    if (follow == m_timer->isActive())
        return;
    if (follow) {
        m_timer->start();
        poll(); // no need to wait a whole period for the first lines
    } else {
        m_timer->stop();
    }
}

void LogViewWidget::poll()
{
    if (m_requestInFlight || !m_session || !m_timer->isActive())
        return;
    const QString instanceId = currentInstanceId();
    const QString file = currentFile();
    if (instanceId.isEmpty() || file.isEmpty())
        return;
    m_requestInFlight = true;
    const quint64 generation = m_generation;
    const qint64 offset = m_offset;
    m_session->readInstanceLog(
        m_appId, instanceId, file, offset, offset < 0 ? -1 : ChunkBytes, this,
        [this, generation, offset](const client::Result<client::LogChunk> &result) {
            if (generation != m_generation)
                return;
            m_requestInFlight = false;
            if (!result) {
                showError(tr("Could not read the log"), result.error());
                return;
            }
            if (m_statusLabel->property("error").toBool())
                setStatus(QString()); // reading works again
            const client::LogChunk &chunk = result.value();
            if (offset < 0) {
                // A tail position: show the last part of what is already there.
                m_offset = qMax<qint64>(0, chunk.offset - InitialTailBytes);
                m_dropPartialLine = m_offset > 0;
                QTimer::singleShot(0, this, &LogViewWidget::poll);
                return;
            }
            const qint64 bytes = chunk.data.toUtf8().size();
            if (chunk.offset + bytes < m_offset) {
                // The file shrank (rotated or replaced): start over from its beginning.
                m_offset = 0;
                return;
            }
            m_offset = chunk.offset + bytes;
            QString text = chunk.data;
            if (m_dropPartialLine && !text.isEmpty()) {
                const qsizetype newline = text.indexOf(QLatin1Char('\n'));
                if (newline < 0)
                    return; // still in the partial line
                text = text.mid(newline + 1);
                m_dropPartialLine = false;
            }
            appendText(text);
            if (bytes >= ChunkBytes)
                QTimer::singleShot(0, this, &LogViewWidget::poll); // more is waiting
        });
}

void LogViewWidget::appendText(const QString &text)
{
    if (text.isEmpty())
        return;
    QScrollBar *bar = m_textView->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 2;
    QTextCursor cursor(m_textView->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text);
    if (atBottom)
        bar->setValue(bar->maximum());
    if (!m_searchEdit->text().isEmpty())
        highlightMatches(m_searchEdit->text());
    emit textAppended();
}

bool LogViewWidget::findNext(const QString &text)
{
    highlightMatches(text);
    if (text.isEmpty())
        return false;
    if (m_textView->find(text))
        return true;
    // Wrap around to the start.
    QTextCursor cursor = m_textView->textCursor();
    cursor.movePosition(QTextCursor::Start);
    m_textView->setTextCursor(cursor);
    if (m_textView->find(text))
        return true;
    setStatus(tr("\"%1\" is not in the log shown.").arg(text));
    return false;
}

void LogViewWidget::highlightMatches(const QString &text)
{
    QList<QTextEdit::ExtraSelection> selections;
    if (!text.isEmpty()) {
        QTextCharFormat format;
        format.setBackground(QColor(255, 230, 120));
        format.setForeground(Qt::black);
        QTextDocument *document = m_textView->document();
        QTextCursor cursor = document->find(text);
        while (!cursor.isNull() && selections.size() < MaxHighlights) {
            selections.append({cursor, format});
            cursor = document->find(text, cursor);
        }
    }
    m_textView->setExtraSelections(selections);
}

void LogViewWidget::download()
{
    const QString instanceId = currentInstanceId();
    const QString file = currentFile();
    if (!m_session || instanceId.isEmpty() || file.isEmpty() || m_downloadFile)
        return;
    const QString title = tr("Save log");
    const QString suggested = QStringLiteral("%1-%2").arg(instanceId, file);
    const QString path = m_savePathProvider ? m_savePathProvider(title, suggested, QString())
                                            : QFileDialog::getSaveFileName(this, title, suggested);
    if (path.isEmpty())
        return;
    auto *sink = new QFile(path, this);
    if (!sink->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        setStatus(tr("Could not write %1: %2").arg(path, sink->errorString()));
        m_statusLabel->setProperty("error", true);
        delete sink;
        return;
    }
    m_downloadFile = sink;
    m_downloadButton->setEnabled(false);
    setStatus(tr("Downloading %1…").arg(file));
    m_session->downloadInstanceLog(
        m_appId, instanceId, file, sink, this,
        [this, sink, path](const client::Result<qint64> &result) {
            sink->close();
            m_downloadButton->setEnabled(!currentFile().isEmpty());
            if (!result) {
                sink->remove(); // a partial file would pass for the whole log
                showError(tr("Could not download the log"), result.error());
            } else {
                setStatus(tr("Saved %n byte(s) to %1.", nullptr, int(result.value())).arg(path));
            }
            sink->deleteLater();
            emit downloadFinished(result.ok(), path);
        });
}

void LogViewWidget::showError(const QString &what, const client::ApiError &error)
{
    setStatus(tr("%1: %2").arg(what, error.userText()));
    m_statusLabel->setProperty("error", true);
}

void LogViewWidget::setStatus(const QString &text)
{
    m_statusLabel->setText(text);
    m_statusLabel->setProperty("error", false);
}

} // namespace drove::ui
