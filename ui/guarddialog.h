#pragma once

#include "client/clusterprofile.h"
#include "ui/confirmationpolicy.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace drove::ui {

/// Asks before a change to the cluster that is not an application operation (blacklisting,
/// maintenance mode): a header in the cluster's criticality colour, what will happen, and what
/// the confirmation policy asks for (a tick, the target's name typed, or both). OK stays
/// disabled until it is given.
class GuardDialog : public QDialog
{
    Q_OBJECT

public:
    /// `what` is rich text saying what will happen; `name` is what must be typed when the
    /// policy says so (an executor's host, the cluster's name).
    GuardDialog(const QString &title, const QString &what, Confirmation confirmation,
                const QString &name, client::Criticality criticality, const QString &clusterName,
                QWidget *parent = nullptr);
    ~GuardDialog() override;

    Confirmation confirmation() const { return m_confirmation; }
    /// Whether what the policy asks for has been given.
    bool isConfirmed() const;

    /// Runs `go` at once when `confirmation` is None, otherwise after the operator confirmed a
    /// GuardDialog opened (window-modal) on `parent`; nothing when it is cancelled.
    static void ask(QWidget *parent, const QString &title, const QString &what,
                    Confirmation confirmation, const QString &name, client::Criticality criticality,
                    const QString &clusterName, std::function<void()> go);

private:
    void refresh();

    Confirmation m_confirmation;
    QString m_name;
    QCheckBox *m_confirmCheckBox = nullptr;
    QLineEdit *m_nameLineEdit = nullptr;
    QPushButton *m_okButton = nullptr;
};

} // namespace drove::ui
