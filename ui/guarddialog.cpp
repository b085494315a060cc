#include "ui/guarddialog.h"

#include "ui/criticalitystyle.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace drove::ui {

GuardDialog::GuardDialog(const QString &title, const QString &what, Confirmation confirmation,
                         const QString &name, client::Criticality criticality,
                         const QString &clusterName, QWidget *parent)
    : QDialog(parent)
    , m_confirmation(confirmation)
    , m_name(name)
{
    setObjectName(QStringLiteral("guardDialog"));
    setWindowTitle(title);
    auto *layout = new QVBoxLayout(this);

    auto *header = new QLabel(criticalityBannerText(criticality, clusterName), this);
    header->setObjectName(QStringLiteral("guardHeaderLabel"));
    header->setStyleSheet(criticalityStyleSheet(criticality));
    header->setMargin(6);
    layout->addWidget(header);

    auto *text = new QLabel(what, this);
    text->setObjectName(QStringLiteral("guardTextLabel"));
    text->setTextFormat(Qt::RichText);
    text->setWordWrap(true);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text->setMinimumWidth(420);
    layout->addWidget(text);

    const bool acknowledge = confirmation == Confirmation::Acknowledge
        || confirmation == Confirmation::TypeNameAndAcknowledge;
    const bool typeName = confirmation == Confirmation::TypeName
        || confirmation == Confirmation::TypeNameAndAcknowledge;
    m_confirmCheckBox = new QCheckBox(tr("I understand what this will do"), this);
    m_confirmCheckBox->setObjectName(QStringLiteral("confirmCheckBox"));
    m_confirmCheckBox->setVisible(acknowledge);
    layout->addWidget(m_confirmCheckBox);

    auto *nameLabel = new QLabel(tr("Type <b>%1</b> to confirm:").arg(name.toHtmlEscaped()), this);
    nameLabel->setObjectName(QStringLiteral("confirmNameLabel"));
    nameLabel->setTextFormat(Qt::RichText);
    nameLabel->setVisible(typeName);
    layout->addWidget(nameLabel);
    m_nameLineEdit = new QLineEdit(this);
    m_nameLineEdit->setObjectName(QStringLiteral("confirmNameLineEdit"));
    m_nameLineEdit->setPlaceholderText(name);
    m_nameLineEdit->setVisible(typeName);
    nameLabel->setBuddy(m_nameLineEdit);
    layout->addWidget(m_nameLineEdit);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_okButton = buttons->button(QDialogButtonBox::Ok);
    m_okButton->setObjectName(QStringLiteral("okButton"));
    m_okButton->setText(title);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    // Cancel is the default: Enter must not confirm a guarded change.
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isConfirmed())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_confirmCheckBox, &QCheckBox::toggled, this, &GuardDialog::refresh);
    connect(m_nameLineEdit, &QLineEdit::textChanged, this, &GuardDialog::refresh);
    refresh();
}

GuardDialog::~GuardDialog() = default;

bool GuardDialog::isConfirmed() const
{
    const bool ticked = m_confirmCheckBox->isChecked();
    const bool typed = m_nameLineEdit->text().trimmed() == m_name;
    switch (m_confirmation) {
    case Confirmation::None:
        return true;
    case Confirmation::Acknowledge:
        return ticked;
    case Confirmation::TypeName:
        return typed;
    case Confirmation::TypeNameAndAcknowledge:
        return typed && ticked;
    }
    return false;
}

void GuardDialog::refresh()
{
    m_okButton->setEnabled(isConfirmed());
}

void GuardDialog::ask(QWidget *parent, const QString &title, const QString &what,
                      Confirmation confirmation, const QString &name,
                      client::Criticality criticality, const QString &clusterName,
                      std::function<void()> go)
{
    if (confirmation == Confirmation::None) {
        go();
        return;
    }
    auto *dialog
        = new GuardDialog(title, what, confirmation, name, criticality, clusterName, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::accepted, dialog, [go = std::move(go)] { go(); });
    dialog->open();
}

} // namespace drove::ui
