#pragma once

#include "protocol/applicationoperation.h"
#include "ui/confirmationpolicy.h"
#include "ui/operationcommands.h"
#include "ui/operationcontext.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

namespace drove::ui {

class OpSpecEditor;

/// Base of every application-operation dialog. It frames the operation's own form (a Designer
/// form set by the subclass) with what every operation shares: the cluster header coloured by
/// criticality, the opSpec editor, validation errors (OK stays disabled while there are any), the
/// capacity warning, the confirmation the cluster's criticality asks for, the live JSON preview,
/// and "Copy as curl" / "Copy as drove CLI command".
///
/// The dialog only produces a value: after exec() == Accepted, operation() is what to send.
class OperationDialog : public QDialog
{
    Q_OBJECT

public:
    ~OperationDialog() override;

    /// The operation as currently filled in.
    protocol::ApplicationOperation operation() const { return buildOperation(); }
    /// Problems that keep OK disabled (empty when the operation may be sent).
    QStringList validationErrors() const;
    /// Placement warnings for the current input: OK then needs the "send anyway" tick.
    QStringList capacityWarnings() const;
    /// What OK needs beyond valid input, for the current input and cluster.
    Confirmation confirmation() const;
    bool isConfirmed() const;

    QString curlCommand() const;
    CliCommand cliCommand() const;
    /// The JSON the dialog will send, indented as shown in the preview.
    QString jsonText() const;

    OpSpecEditor *opSpecEditor() const { return m_opSpecEditor; }
    const OperationContext &context() const { return m_context; }
    QString appId() const { return m_appId; }

protected:
    OperationDialog(const OperationContext &context, protocol::OperationType type,
                    const QString &appId, QWidget *parent);

    /// Puts the operation's own form above the opSpec editor.
    void setFormWidget(QWidget *form);
    void setOkText(const QString &text);
    /// Hides the opSpec editor (the operation still carries its opSpec).
    void setOpSpecEditorVisible(bool visible);
    /// Retitles the JSON preview (a dialog that sends more than one request says which).
    void setPreviewTitle(const QString &title);
    /// Shows or hides "Copy as curl" / "Copy as drove CLI command" (a dialog whose operation is
    /// a sequence offers its own copy instead).
    void setCommandCopyVisible(bool visible);

    virtual protocol::ApplicationOperation buildOperation() const = 0;
    /// Input problems the protocol cannot know about (e.g. a spec that does not parse).
    virtual QStringList formErrors() const { return {}; }
    /// Whether the operation as filled in takes serving instances away (see Confirmation).
    virtual bool reducesCapacity() const { return false; }
    /// CREATE passes the spec's file name.
    virtual QString specFileForCli() const { return QString(); }
    /// Extra condition for OK (e.g. waiting for the controller's spec validation).
    virtual bool isReadyToSend() const { return true; }

    /// Recomputes the preview, errors, warnings, confirmation and OK; subclasses call it whenever
    /// their input changes.
    void refresh();

private:
    void buildFrame();
    void copyCurl();
    void copyCli();

    OperationContext m_context;
    protocol::OperationType m_type;
    QString m_appId;

    QVBoxLayout *m_formSlot = nullptr;
    QLabel *m_clusterLabel = nullptr;
    OpSpecEditor *m_opSpecEditor = nullptr;
    QLabel *m_errorLabel = nullptr;
    QLabel *m_capacityLabel = nullptr;
    QCheckBox *m_capacityAckCheckBox = nullptr;
    bool m_hasCapacityWarnings = false;
    QWidget *m_confirmBox = nullptr;
    QCheckBox *m_confirmCheckBox = nullptr;
    QLabel *m_confirmIdLabel = nullptr;
    QLineEdit *m_confirmIdLineEdit = nullptr;
    QPlainTextEdit *m_jsonPreview = nullptr;
    QPushButton *m_copyCurlButton = nullptr;
    QPushButton *m_copyCliButton = nullptr;
    QPushButton *m_copyJsonButton = nullptr;
    QLabel *m_cliNoteLabel = nullptr;
    QGroupBox *m_previewBox = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
    bool m_building = true;
};

} // namespace drove::ui
