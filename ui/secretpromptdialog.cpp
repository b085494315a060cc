#include "ui/secretpromptdialog.h"

#include "client/profilestore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace drove::ui {

using client::ClusterAuth;

SecretPromptDialog::SecretPromptDialog(const client::ClusterProfile &profile, const QString &reason,
                                       bool keychainAvailable, QWidget *parent)
    : QDialog(parent)
    , m_profile(profile)
    , m_secretEdit(new QLineEdit(this))
    , m_rememberCheckBox(new QCheckBox(tr("&Remember in the keychain"), this))
    , m_keychainAvailable(keychainAvailable)
{
    setObjectName(QStringLiteral("secretPromptDialog"));
    const bool header = profile.authMode == ClusterAuth::Mode::Header;
    setWindowTitle(header ? tr("Authorization header for “%1”").arg(profile.name)
                          : tr("Password for “%1”").arg(profile.name));

    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        header ? tr("The cluster <b>%1</b> needs the value of the Authorization header "
                    "(for example “Bearer …”).")
                     .arg(profile.name.toHtmlEscaped())
               : tr("The cluster <b>%1</b> needs the password of <b>%2</b>.")
                     .arg(profile.name.toHtmlEscaped(), profile.username.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *reasonLabel = new QLabel(reason, this);
    reasonLabel->setObjectName(QStringLiteral("reasonLabel"));
    reasonLabel->setWordWrap(true);
    layout->addWidget(reasonLabel);

    auto *form = new QFormLayout;
    QStringList endpoints;
    for (const QUrl &endpoint : profile.endpoints)
        endpoints.append(endpoint.toDisplayString());
    form->addRow(tr("Controllers:"), new QLabel(endpoints.join(QStringLiteral(", ")), this));
    if (!header)
        form->addRow(tr("User:"), new QLabel(profile.username, this));
    m_secretEdit->setObjectName(QStringLiteral("secretEdit"));
    m_secretEdit->setEchoMode(QLineEdit::Password);
    form->addRow(header ? tr("Header &value:") : tr("&Password:"), m_secretEdit);
    layout->addLayout(form);

    m_rememberCheckBox->setObjectName(QStringLiteral("rememberCheckBox"));
    m_rememberCheckBox->setChecked(keychainAvailable);
    m_rememberCheckBox->setVisible(keychainAvailable);
    layout->addWidget(m_rememberCheckBox);
    // Without a keychain the reason (from ProfileStore) already says it is kept for this run.

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_okButton = buttons->button(QDialogButtonBox::Ok);
    m_okButton->setObjectName(QStringLiteral("okButton"));
    m_okButton->setText(tr("&Connect"));
    m_okButton->setEnabled(false);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_secretEdit, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_okButton->setEnabled(!text.isEmpty()); });
    m_secretEdit->setFocus();
    resize(440, sizeHint().height());
}

QString SecretPromptDialog::secret() const
{
    return m_secretEdit->text();
}

bool SecretPromptDialog::remember() const
{
    return m_keychainAvailable && m_rememberCheckBox->isChecked();
}

void SecretPromptDialog::answerSecretRequests(
    client::ProfileStore *store, QWidget *parent,
    std::function<void(const client::ClusterProfile &, const QString &)> onDeclined)
{
    QObject::connect(
        store, &client::ProfileStore::secretNeeded, parent,
        [store, parent, onDeclined](const client::ClusterProfile &profile, const QString &reason) {
            auto *dialog
                = new SecretPromptDialog(profile, reason, store->isKeychainAvailable(), parent);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->setWindowModality(Qt::WindowModal);
            const QPointer<client::ProfileStore> guard(store);
            QObject::connect(dialog, &QDialog::finished, parent,
                             [guard, dialog, onDeclined, reason](int result) {
                                 if (!guard)
                                     return;
                                 const client::ClusterProfile asked = dialog->profile();
                                 if (result == QDialog::Accepted) {
                                     guard->provideSecret(asked.id, dialog->secret(),
                                                          dialog->remember());
                                     return;
                                 }
                                 guard->declineSecret(asked.id);
                                 if (onDeclined)
                                     onDeclined(asked, reason);
                             });
            dialog->open();
        });
}

} // namespace drove::ui
