#pragma once

#include "client/clusterauth.h"
#include "client/clusterprofile.h"
#include "protocol/applicationoperation.h"

#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>

namespace drove::ui {

/// Returns warnings (translated, empty when fine) about whether the cluster has room for the
/// instances `operation` would start. The caller binds the executors' free capacity and the app's
/// footprint (see CapacityCheck in capacitycheck.h); dialogs only show the result.
using CapacityCheckFunction
    = std::function<QStringList(const protocol::ApplicationOperation &operation)>;

/// What an operation dialog needs to know about the cluster it targets. A plain value so dialogs
/// stay testable without a client: they never send anything themselves.
struct OperationContext
{
    /// Profile name, used as `drove -c <clusterName>` in CLI commands and shown in the header.
    QString clusterName;
    /// Controller base URL (e.g. http://127.0.0.1:10000) used in curl commands.
    QUrl endpoint;
    client::ClusterAuth::Mode authMode = client::ClusterAuth::Mode::None;
    /// Basic-auth user; curl commands name it and let curl prompt for the password.
    QString username;
    bool insecure = false;
    /// How careful the dialog must be; unknown clusters count as production.
    client::Criticality criticality = client::Criticality::Production;
    /// The embedded cluster's credentials file: curl commands read it (`--netrc-file`).
    QString netrcFile;
    /// The profile's read-only guard: every change asks for at least a tick.
    bool confirmEveryChange = false;
    /// QSettings group for this cluster's opSpec defaults (e.g. "clusters/<profile id>"); empty
    /// means nothing is remembered.
    QString settingsGroup;
    /// Optional capacity check; unset means no capacity warning is shown.
    CapacityCheckFunction capacityCheck;

    /// Context for `profile` (first endpoint, auth mode and user, criticality, settings group
    /// "clusters/<id>").
    static OperationContext fromProfile(const client::ClusterProfile &profile);
};

} // namespace drove::ui
