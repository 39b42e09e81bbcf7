using Venvid.ApiService.Data;
using Venvid.Contracts;

namespace Venvid.ApiService.Users;

public static class UserMapping
{
    public static UserDto ToDto(this User user) =>
        new(user.Id.ToString(), user.Username, user.Email, user.DisplayName, user.Bio, user.AvatarUrl, user.CreatedAt);
}
