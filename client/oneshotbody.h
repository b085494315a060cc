#pragma once

#include <QByteArray>
#include <QIODevice>

namespace drove::client {

/// The body of an operation POST as a device that cannot be rewound. QNetworkAccessManager
/// silently sends a request a second time when the connection closes before any answer
/// (measured on Qt 6.4, POST included); with a body it cannot reset it fails with
/// ContentReSendError instead, so an operation reaches the controller at most once.
class OneShotBody : public QIODevice
{
public:
    explicit OneShotBody(QByteArray data, QObject *parent = nullptr);

    bool isSequential() const override { return true; }
    bool reset() override { return false; }
    bool seek(qint64) override { return false; }
    qint64 size() const override { return m_data.size(); }
    qint64 bytesAvailable() const override;
    bool atEnd() const override { return m_position >= m_data.size(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_position = 0;
};

} // namespace drove::client
