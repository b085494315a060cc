#pragma once

#include "client/apirequest.h"
#include "client/clusterauth.h"

#include <QList>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QUrl>

namespace drove::client {

/// Turns an ApiRequest into the QNetworkRequest sent to one controller endpoint: full URL
/// (keeping any base path of the endpoint, e.g. behind a gateway), JSON headers,
/// Authorization, transfer timeout and TLS verification. Pure; testable without a network.
class RequestBuilder
{
public:
    RequestBuilder() = default;
    explicit RequestBuilder(ConnectionSettings settings);

    const ConnectionSettings &settings() const { return m_settings; }

    /// The URL of `request` on `endpoint` ("http://h:1/base" + "/apis/v1/ping").
    static QUrl url(const QUrl &endpoint, const ApiRequest &request);

    /// `timeoutMs` <= 0 uses settings().requestTimeoutMs.
    QNetworkRequest build(const QUrl &endpoint, const ApiRequest &request, int timeoutMs = 0) const;

    /// The User-Agent the console sends.
    static QByteArray userAgent();

    /// The certificates of settings().caCertificatesFile (empty when none or unreadable).
    const QList<QSslCertificate> &extraCaCertificates() const { return m_extraCas; }
    /// Translated problem with the CA file ("cannot be read", "holds no PEM certificate"),
    /// empty when fine or none is set.
    QString caFileProblem() const { return m_caProblem; }

private:
    ConnectionSettings m_settings;
    QList<QSslCertificate> m_extraCas;
    QList<QSslCertificate> m_trusted; ///< system store + m_extraCas, when there are extras
    QString m_caProblem;
};

} // namespace drove::client
