#include "client/requestbuilder.h"

#include "client/cabundle.h"

#include <QSslConfiguration>
#include <QSslSocket>

namespace drove::client {

RequestBuilder::RequestBuilder(ConnectionSettings settings)
    : m_settings(std::move(settings))
{
    if (m_settings.caCertificatesFile.isEmpty())
        return;
    const CaBundle bundle = CaBundle::read(m_settings.caCertificatesFile);
    m_caProblem = bundle.problem();
    m_extraCas = bundle.certificates();
    // Setting CA certificates turns off Qt's on-demand loading of the system store: trust both
    // explicitly (read once per settings, not per request).
    if (!m_extraCas.isEmpty())
        m_trusted = QSslConfiguration::systemCaCertificates() + m_extraCas;
}

QUrl RequestBuilder::url(const QUrl &endpoint, const ApiRequest &request)
{
    QUrl result
        = endpoint.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::StripTrailingSlash);
    QString base = result.path(QUrl::FullyEncoded);
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    result.setPath(base + request.path, QUrl::TolerantMode);
    if (!request.query.isEmpty())
        result.setQuery(request.query);
    return result;
}

QByteArray RequestBuilder::userAgent()
{
    return QByteArrayLiteral("drove-console/0.1 (Qt)");
}

QNetworkRequest RequestBuilder::build(const QUrl &endpoint, const ApiRequest &request,
                                      int timeoutMs) const
{
    QNetworkRequest networkRequest(url(endpoint, request));
    networkRequest.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    networkRequest.setRawHeader(QByteArrayLiteral("Accept"),
                                request.payload == ApiRequest::Payload::Raw
                                    ? QByteArrayLiteral("*/*")
                                    : QByteArrayLiteral("application/json"));
    if (request.method == ApiRequest::Method::Post) {
        // The controller's resources @Consume JSON; a body-less POST still says so (the CLI
        // does the same) to avoid a 415 for form content types.
        networkRequest.setHeader(QNetworkRequest::ContentTypeHeader,
                                 QByteArrayLiteral("application/json"));
    }
    const QByteArray authorization = m_settings.auth.authorizationHeader();

    // Extra headers first: the console's own Authorization wins over a profile's copy.
    for (const auto &[name, value] : m_settings.extraHeaders)
        networkRequest.setRawHeader(name, value);
    if (!authorization.isEmpty())
        networkRequest.setRawHeader(QByteArrayLiteral("Authorization"), authorization);

    networkRequest.setTransferTimeout(timeoutMs > 0 ? timeoutMs : m_settings.requestTimeoutMs);
    // Credentials must never follow a redirect to another origin.
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                QNetworkRequest::SameOriginRedirectPolicy);
    // Replies are small and frequent; keep QNAM's cache out of the way of fresh data.
    networkRequest.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                                QNetworkRequest::AlwaysNetwork);
    networkRequest.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);

    if (networkRequest.url().scheme() == QLatin1String("https")
        && (m_settings.insecure || !m_extraCas.isEmpty())) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (m_settings.insecure)
            ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        else
            ssl.setCaCertificates(m_trusted); // the system store and the profile's CAs
        networkRequest.setSslConfiguration(ssl);
    }
    return networkRequest;
}

} // namespace drove::client
