# The dated units tree: when a unit begins and ends, what it became (merges, splits, renames), and
# the moves of units to new parents that came with them.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='unit',
            name='valid_from',
            field=models.DateField(blank=True, null=True, verbose_name='有效期起'),
        ),
        migrations.AddField(
            model_name='unit',
            name='valid_to',
            field=models.DateField(blank=True, null=True, verbose_name='有效期止'),
        ),
        migrations.CreateModel(
            name='UnitMove',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('on', models.DateField(db_index=True, verbose_name='调整日期')),
                ('from_parent', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.unit')),
                ('to_parent', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.unit')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='moves', to='accounts.unit')),
            ],
            options={
                'verbose_name': '单位划转',
                'verbose_name_plural': '单位划转',
                'ordering': ['on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='UnitSuccession',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('on', models.DateField(verbose_name='调整日期')),
                ('kind', models.CharField(choices=[('merge', '合并'), ('split', '拆分'), ('rename', '更名')], max_length=10, verbose_name='调整方式')),
                ('note', models.TextField(blank=True, verbose_name='说明')),
                ('made_at', models.DateTimeField(auto_now_add=True, verbose_name='记录时间')),
                ('made_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('predecessor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='successor_links', to='accounts.unit', verbose_name='原单位')),
                ('successor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='predecessor_links', to='accounts.unit', verbose_name='现单位')),
            ],
            options={
                'verbose_name': '区划调整',
                'verbose_name_plural': '区划调整',
                'ordering': ['on', 'predecessor_id', 'successor_id'],
                'constraints': [models.UniqueConstraint(fields=('predecessor', 'successor'), name='unit_succession_once')],
            },
        ),
    ]
