#pragma once

#include "protocol/applicationspec.h"
#include "ui/operationdialog.h"

#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class QTimer;

namespace Ui {
class CreateApplicationForm;
}

namespace drove::ui {

/// What the controller said about a spec (POST /apis/v1/applications/validate/spec).
struct SpecCheckResult
{
    bool valid = false;
    /// The controller's validationErrors when it rejected the spec.
    QStringList errors;
    /// Set when the controller could not be asked (network, auth…), in plain words.
    QString failure;
};

/// Asks the controller to validate a spec and calls `done` exactly once with the answer. The
/// console wires it to the client's validate-spec call; tests pass a fake.
using RemoteSpecValidator = std::function<void(const protocol::ApplicationSpec &spec,
                                               std::function<void(const SpecCheckResult &)> done)>;

/// CREATE: a spec loaded from a file or pasted, checked locally (JSON syntax, Drove's field and
/// semantic rules) and then by the controller, with every problem listed at its line; plus the
/// initial instance count.
class CreateApplicationDialog : public OperationDialog
{
    Q_OBJECT

public:
    /// Without a remote validator only the local checks gate OK.
    CreateApplicationDialog(const OperationContext &context,
                            RemoteSpecValidator remoteValidator = {}, QWidget *parent = nullptr);
    ~CreateApplicationDialog() override;

    /// Loads a spec file into the editor; returns false (and shows why) when it cannot be read.
    bool loadSpecFile(const QString &path);
    void setSpecText(const QString &text);
    /// One "Line N: message" entry per problem currently listed.
    QStringList listedProblems() const;
    /// The spec when the text parses, nullopt otherwise.
    std::optional<protocol::ApplicationSpec> spec() const { return m_spec; }
    /// The controller does not offer spec validation (`why`, for the tooltip); empty: it may.
    /// While it does not, the controller is not asked and the local checks alone gate Create.
    void setRemoteCheckUnavailable(const QString &why);

    /// Debounce before the controller is asked about an edited spec.
    static constexpr int RemoteCheckDelayMs = 600;

protected:
    protocol::ApplicationOperation buildOperation() const override;
    QStringList formErrors() const override;
    QString specFileForCli() const override;
    bool isReadyToSend() const override;

private:
    enum class RemoteState { NotChecked, Checking, Valid, Invalid, Unavailable, NotOffered };

    void specTextChanged();
    void parseSpec();
    void showProblems();
    void startRemoteCheck();
    void browseForSpec();
    void jumpToProblem(int row);
    /// Line of the field a validation message concerns (0 if unknown).
    int lineForMessage(const QString &message) const;

    std::unique_ptr<::Ui::CreateApplicationForm> m_ui;
    RemoteSpecValidator m_remoteValidator;
    QTimer *m_remoteTimer = nullptr;
    std::optional<protocol::ApplicationSpec> m_spec;
    /// (line, message) of local problems; line 0 when it concerns no particular line.
    QList<QPair<int, QString>> m_localProblems;
    QStringList m_remoteErrors;
    QString m_remoteFailure;
    QString m_remoteNotOffered; ///< why the controller cannot be asked at all; empty: it can
    QString m_checkButtonToolTip;
    RemoteState m_remoteState = RemoteState::NotChecked;
    quint64 m_remoteGeneration = 0;
    QString m_specFile;
};

} // namespace drove::ui
