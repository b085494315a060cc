#pragma once

#include <QObject>

class QSocketNotifier;

/// Turns SIGINT and SIGTERM into a Qt signal on the main thread (self-pipe trick: the handler
/// only writes one byte to a socketpair; a QSocketNotifier reads it in the event loop), so
/// shutdown runs as ordinary code with the engine and its storage in a known state.
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    /// False when the socketpair or the handlers could not be installed.
    bool isValid() const { return m_notifier != nullptr; }

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};
